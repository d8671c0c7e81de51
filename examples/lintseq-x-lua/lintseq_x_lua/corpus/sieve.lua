-- The sieve of Eratosthenes.
local function sieve(limit)
  local is_prime = {}
  for n = 2, limit do
    is_prime[n] = true
  end
  for n = 2, math.floor(math.sqrt(limit)) do
    if is_prime[n] then
      for multiple = n * n, limit, n do
        is_prime[multiple] = false
      end
    end
  end
  local primes = {}
  for n = 2, limit do
    if is_prime[n] then
      primes[#primes + 1] = n
    end
  end
  return primes
end

print(table.concat(sieve(50), " "))
