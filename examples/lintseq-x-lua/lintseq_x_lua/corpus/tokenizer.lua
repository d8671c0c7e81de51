-- Tokenize arithmetic expressions into numbers, names and operators.
local patterns = {
  { kind = "number", pattern = "^%d+%.?%d*" },
  { kind = "name", pattern = "^[%a_][%w_]*" },
  { kind = "operator", pattern = "^[%+%-%*/%^%(%)]" },
}

local function tokenize(source)
  local tokens = {}
  local position = 1
  while position <= #source do
    local space = source:match("^%s+", position)
    if space then
      position = position + #space
    else
      local matched = false
      for _, rule in ipairs(patterns) do
        local text = source:match(rule.pattern, position)
        if text then
          tokens[#tokens + 1] = { kind = rule.kind, text = text }
          position = position + #text
          matched = true
          break
        end
      end
      if not matched then
        return nil, "unexpected character at " .. position
      end
    end
  end
  return tokens
end

for _, token in ipairs(tokenize("rate * (hours + 1.5)")) do
  print(token.kind, token.text)
end
