-- Encode Lua values as JSON text.
local encode

local escapes = { ['"'] = '\\"', ["\\"] = "\\\\", ["\n"] = "\\n", ["\t"] = "\\t" }

local function encode_string(s)
  return '"' .. s:gsub('[%c"\\]', function(c)
    return escapes[c] or string.format("\\u%04x", c:byte())
  end) .. '"'
end

local function is_array(t)
  local count = 0
  for _ in pairs(t) do
    count = count + 1
  end
  return count == #t
end

encode = function(value)
  local kind = type(value)
  if kind == "string" then
    return encode_string(value)
  elseif kind == "number" or kind == "boolean" then
    return tostring(value)
  elseif kind == "nil" then
    return "null"
  end
  local parts = {}
  if is_array(value) then
    for i, item in ipairs(value) do
      parts[i] = encode(item)
    end
    return "[" .. table.concat(parts, ",") .. "]"
  end
  for key, item in pairs(value) do
    parts[#parts + 1] = encode_string(tostring(key)) .. ":" .. encode(item)
  end
  table.sort(parts)
  return "{" .. table.concat(parts, ",") .. "}"
end

print(encode({ name = "lua", tags = { "fast", "small" }, version = 5.4 }))
