-- 2D vectors with operator overloading through metamethods.
local Vector = {}
Vector.__index = Vector

local function new(x, y)
  return setmetatable({ x = x or 0, y = y or 0 }, Vector)
end

Vector.__add = function(a, b)
  return new(a.x + b.x, a.y + b.y)
end

Vector.__sub = function(a, b)
  return new(a.x - b.x, a.y - b.y)
end

Vector.__mul = function(a, k)
  return new(a.x * k, a.y * k)
end

Vector.__eq = function(a, b)
  return a.x == b.x and a.y == b.y
end

Vector.__tostring = function(v)
  return "(" .. v.x .. ", " .. v.y .. ")"
end

function Vector:length()
  return math.sqrt(self.x * self.x + self.y * self.y)
end

local a, b = new(3, 4), new(1, 2)
print(tostring(a + b), tostring(a - b), tostring(a * 2))
print(a:length(), a == new(3, 4))
