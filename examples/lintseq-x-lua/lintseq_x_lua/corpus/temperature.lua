-- Convert temperatures and summarise a week of readings.
local function celsius_to_fahrenheit(c)
  return c * 9 / 5 + 32
end

local readings = { 18.5, 21.0, 19.2, 23.8, 25.1, 22.4, 20.0 }

local sum, highest, lowest = 0, -math.huge, math.huge
for _, value in ipairs(readings) do
  sum = sum + value
  if value > highest then
    highest = value
  end
  if value < lowest then
    lowest = value
  end
end

local mean = sum / #readings
print(string.format("mean %.1f C (%.1f F)", mean, celsius_to_fahrenheit(mean)))
print(string.format("range %.1f to %.1f C", lowest, highest))
