-- Retry a failing operation with pcall and exponential backoff.
local attempts = 0

local function flaky_operation()
  attempts = attempts + 1
  if attempts < 3 then
    error("temporary failure " .. attempts)
  end
  return "done after " .. attempts .. " attempts"
end

local function retry(operation, max_attempts, delay)
  local last_error
  for attempt = 1, max_attempts do
    local ok, result = pcall(operation)
    if ok then
      return result
    end
    last_error = result
    print(string.format("attempt %d failed, waiting %d ms", attempt, delay))
    delay = delay * 2
  end
  return nil, last_error
end

print(retry(flaky_operation, 5, 100))
