-- A minimal event emitter: subscribe, unsubscribe, emit.
local Emitter = {}
Emitter.__index = Emitter

function Emitter.new()
  return setmetatable({ handlers = {} }, Emitter)
end

function Emitter:on(event, handler)
  local list = self.handlers[event]
  if not list then
    list = {}
    self.handlers[event] = list
  end
  table.insert(list, handler)
  return function()
    for i, h in ipairs(list) do
      if h == handler then
        table.remove(list, i)
        break
      end
    end
  end
end

function Emitter:emit(event, ...)
  for _, handler in ipairs(self.handlers[event] or {}) do
    handler(...)
  end
end

local emitter = Emitter.new()
local off = emitter:on("greet", function(name) print("hello, " .. name) end)
emitter:emit("greet", "world")
off()
emitter:emit("greet", "nobody")
