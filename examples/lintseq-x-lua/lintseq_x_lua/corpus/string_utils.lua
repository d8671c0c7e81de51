-- String helpers: split, join, starts_with, capitalise.
local M = {}

function M.split(s, separator)
  local parts = {}
  local pattern = string.format("([^%s]+)", separator or ",")
  for part in s:gmatch(pattern) do
    parts[#parts + 1] = part
  end
  return parts
end

function M.starts_with(s, prefix)
  return s:sub(1, #prefix) == prefix
end

function M.capitalise(s)
  return (s:gsub("^%l", string.upper))
end

function M.repeat_string(s, n, separator)
  local out = {}
  for i = 1, n do
    out[i] = s
  end
  return table.concat(out, separator or "")
end

local parts = M.split("alpha,beta,gamma")
print(#parts, M.starts_with("lintseq", "lint"), M.capitalise("lua"))
print(M.repeat_string("ab", 3, "-"))
return M
