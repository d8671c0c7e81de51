-- Counters and accumulators built from closures.
local function make_counter(step)
  local count = 0
  return {
    increment = function()
      count = count + (step or 1)
      return count
    end,
    reset = function()
      count = 0
    end,
  }
end

local function accumulate(list, initial, combine)
  local result = initial
  for _, value in ipairs(list) do
    result = combine(result, value)
  end
  return result
end

local counter = make_counter(5)
counter.increment()
print(counter.increment())
counter.reset()
print(counter.increment())
print(accumulate({ 1, 2, 3, 4 }, 0, function(a, b) return a + b end))
