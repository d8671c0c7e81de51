-- A stack class with metatables.
local Stack = {}
Stack.__index = Stack

function Stack.new()
  local self = setmetatable({}, Stack)
  self.items = {}
  self.size = 0
  return self
end

function Stack:push(value)
  self.size = self.size + 1
  self.items[self.size] = value
end

function Stack:pop()
  if self.size == 0 then
    return nil, "stack is empty"
  end
  local value = self.items[self.size]
  self.items[self.size] = nil
  self.size = self.size - 1
  return value
end

function Stack:peek()
  return self.items[self.size]
end

local s = Stack.new()
s:push(1)
s:push(2)
print(s:pop(), s:peek(), s.size)
