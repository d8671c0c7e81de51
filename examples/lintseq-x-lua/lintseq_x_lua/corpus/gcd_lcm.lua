-- Greatest common divisor and least common multiple.
local function gcd(a, b)
  while b ~= 0 do
    a, b = b, a % b
  end
  return math.abs(a)
end

local function lcm(a, b)
  if a == 0 or b == 0 then
    return 0
  end
  return math.abs(a * b) // gcd(a, b)
end

local function lcm_of(numbers)
  local result = 1
  for _, n in ipairs(numbers) do
    result = lcm(result, n)
  end
  return result
end

print(gcd(48, 18), lcm(4, 6), lcm_of({ 2, 3, 4, 5 }))
