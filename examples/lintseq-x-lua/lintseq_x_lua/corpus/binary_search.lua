-- Binary search in a sorted array; returns the index or nil.
local function binary_search(array, target)
  local low, high = 1, #array
  while low <= high do
    local middle = (low + high) // 2
    local value = array[middle]
    if value == target then
      return middle
    elseif value < target then
      low = middle + 1
    else
      high = middle - 1
    end
  end
  return nil
end

local primes = { 2, 3, 5, 7, 11, 13, 17, 19, 23 }
for _, target in ipairs({ 2, 4, 19, 23, 29 }) do
  local index = binary_search(primes, target)
  print(target, index or "absent")
end
