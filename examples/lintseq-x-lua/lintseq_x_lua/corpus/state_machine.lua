-- A traffic light as a table-driven state machine.
local transitions = {
  green = { timer = "yellow" },
  yellow = { timer = "red" },
  red = { timer = "green", emergency = "red" },
}

local Light = {}
Light.__index = Light

function Light.new()
  return setmetatable({ state = "red", history = {} }, Light)
end

function Light:handle(event)
  local next_state = transitions[self.state][event]
  if not next_state then
    return false
  end
  table.insert(self.history, self.state .. " -> " .. next_state)
  self.state = next_state
  return true
end

local light = Light.new()
for _, event in ipairs({ "timer", "timer", "emergency", "timer" }) do
  light:handle(event)
end
print(light.state)
print(table.concat(light.history, "\n"))
