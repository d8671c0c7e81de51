-- A generic memoize with weak keys, and a slow function to speed up.
local function memoize(f)
  local cache = setmetatable({}, { __mode = "k" })
  return function(argument)
    local cached = cache[argument]
    if cached == nil then
      cached = f(argument)
      cache[argument] = cached
    end
    return cached
  end
end

local calls = 0
local function slow_square(n)
  calls = calls + 1
  return n * n
end

local fast_square = memoize(slow_square)
for _ = 1, 3 do
  print(fast_square(12))
end
print("calls: " .. calls)
