-- Track stock levels and report items that need reordering.
local inventory = {
  { name = "bolts", count = 120, minimum = 50 },
  { name = "nuts", count = 30, minimum = 40 },
  { name = "washers", count = 0, minimum = 25 },
}

local function needs_reorder(item)
  return item.count < item.minimum
end

local function reorder_amount(item)
  return item.minimum * 2 - item.count
end

local total = 0
for _, item in ipairs(inventory) do
  if needs_reorder(item) then
    local amount = reorder_amount(item)
    total = total + amount
    print(string.format("reorder %d %s", amount, item.name))
  end
end
print("total units to order: " .. total)
