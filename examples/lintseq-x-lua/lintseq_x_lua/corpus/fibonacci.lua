-- Fibonacci numbers, iteratively and with memoisation.
local function fib_iter(n)
  local a, b = 0, 1
  for _ = 1, n do
    a, b = b, a + b
  end
  return a
end

local memo = {}

local function fib_memo(n)
  if n < 2 then
    return n
  end
  if memo[n] then
    return memo[n]
  end
  local value = fib_memo(n - 1) + fib_memo(n - 2)
  memo[n] = value
  return value
end

for n = 0, 10 do
  print(n, fib_iter(n), fib_memo(n))
end
