-- A double-ended queue with two indices.
local Queue = {}
Queue.__index = Queue

function Queue.new()
  return setmetatable({ first = 1, last = 0, items = {} }, Queue)
end

function Queue:push_back(value)
  self.last = self.last + 1
  self.items[self.last] = value
end

function Queue:push_front(value)
  self.first = self.first - 1
  self.items[self.first] = value
end

function Queue:pop_front()
  if self.first > self.last then
    error("queue is empty")
  end
  local value = self.items[self.first]
  self.items[self.first] = nil
  self.first = self.first + 1
  return value
end

function Queue:length()
  return self.last - self.first + 1
end

local q = Queue.new()
q:push_back("b")
q:push_front("a")
print(q:pop_front(), q:length())
