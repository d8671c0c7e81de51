-- In-place quicksort (Lomuto partition) with a custom comparison.
local function partition(items, low, high, less)
  local pivot = items[high]
  local i = low - 1
  for j = low, high - 1 do
    if less(items[j], pivot) then
      i = i + 1
      items[i], items[j] = items[j], items[i]
    end
  end
  items[i + 1], items[high] = items[high], items[i + 1]
  return i + 1
end

local function quicksort(items, low, high, less)
  low = low or 1
  high = high or #items
  less = less or function(a, b) return a < b end
  if low < high then
    local p = partition(items, low, high, less)
    quicksort(items, low, p - 1, less)
    quicksort(items, p + 1, high, less)
  end
  return items
end

local data = { 5, 3, 9, 1, 7, 2 }
print(table.concat(quicksort(data), ", "))
print(table.concat(quicksort({ "pear", "fig", "apple" }), " "))
