-- Matrix creation, multiplication and transposition.
local function matrix(rows, columns, fill)
  local m = {}
  for i = 1, rows do
    m[i] = {}
    for j = 1, columns do
      m[i][j] = fill and fill(i, j) or 0
    end
  end
  return m
end

local function multiply(a, b)
  local result = matrix(#a, #b[1])
  for i = 1, #a do
    for j = 1, #b[1] do
      local sum = 0
      for k = 1, #b do
        sum = sum + a[i][k] * b[k][j]
      end
      result[i][j] = sum
    end
  end
  return result
end

local function transpose(m)
  return matrix(#m[1], #m, function(i, j) return m[j][i] end)
end

local a = matrix(2, 3, function(i, j) return i + j end)
local product = multiply(a, transpose(a))
for _, row in ipairs(product) do
  print(table.concat(row, " "))
end
