-- A singly linked list with an iterator.
local List = {}
List.__index = List

function List.new()
  return setmetatable({ head = nil, length = 0 }, List)
end

function List:prepend(value)
  self.head = { value = value, next = self.head }
  self.length = self.length + 1
end

function List:reverse()
  local previous = nil
  local node = self.head
  while node do
    local following = node.next
    node.next = previous
    previous = node
    node = following
  end
  self.head = previous
end

function List:values()
  local node = self.head
  return function()
    if node then
      local value = node.value
      node = node.next
      return value
    end
  end
end

local list = List.new()
for i = 1, 4 do
  list:prepend(i)
end
list:reverse()
for value in list:values() do
  io.write(value, " ")
end
print()
