-- Count words in a text and print the most frequent ones.
local text = [[
the quick brown fox jumps over the lazy dog
the dog sleeps and the fox runs
]]

local counts = {}
for word in text:gmatch("%a+") do
  local key = word:lower()
  counts[key] = (counts[key] or 0) + 1
end

local words = {}
for word in pairs(counts) do
  words[#words + 1] = word
end

table.sort(words, function(a, b)
  if counts[a] ~= counts[b] then
    return counts[a] > counts[b]
  end
  return a < b
end)

for i = 1, math.min(5, #words) do
  print(string.format("%-8s %d", words[i], counts[words[i]]))
end
