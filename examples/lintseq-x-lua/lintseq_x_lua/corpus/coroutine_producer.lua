-- Producer and consumer connected by coroutines.
local function producer(items)
  return coroutine.create(function()
    for _, item in ipairs(items) do
      coroutine.yield(item)
    end
  end)
end

local function filter(source, predicate)
  return coroutine.create(function()
    while true do
      local ok, item = coroutine.resume(source)
      if not ok or item == nil then
        return
      end
      if predicate(item) then
        coroutine.yield(item)
      end
    end
  end)
end

local function consume(source)
  local collected = {}
  repeat
    local _, item = coroutine.resume(source)
    collected[#collected + 1] = item
  until item == nil
  return collected
end

local evens = filter(producer({ 1, 2, 3, 4, 5, 6 }), function(n) return n % 2 == 0 end)
print(table.concat(consume(evens), " "))
