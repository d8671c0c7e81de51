-- Parse "key = value" lines into a table, with comments and sections.
local function trim(s)
  return (s:gsub("^%s+", ""):gsub("%s+$", ""))
end

local function parse_config(text)
  local config = {}
  local section = config
  for line in text:gmatch("[^\n]+") do
    line = trim(line)
    if line == "" or line:sub(1, 1) == "#" then
      goto continue
    end
    local name = line:match("^%[(.+)%]$")
    if name then
      section = {}
      config[name] = section
    else
      local key, value = line:match("^([%w_]+)%s*=%s*(.*)$")
      if key then
        section[key] = tonumber(value) or value
      end
    end
    ::continue::
  end
  return config
end

local config = parse_config([[
# server settings
host = localhost
[limits]
connections = 100
]])
print(config.host, config.limits.connections)
