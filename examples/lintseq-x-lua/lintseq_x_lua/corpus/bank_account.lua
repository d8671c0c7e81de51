-- Bank accounts with inheritance: a savings account earns interest.
local Account = {}
Account.__index = Account

function Account.new(owner, balance)
  return setmetatable({ owner = owner, balance = balance or 0 }, Account)
end

function Account:deposit(amount)
  assert(amount > 0, "deposit must be positive")
  self.balance = self.balance + amount
end

function Account:withdraw(amount)
  if amount > self.balance then
    return false, "insufficient funds"
  end
  self.balance = self.balance - amount
  return true
end

local Savings = setmetatable({}, { __index = Account })
Savings.__index = Savings

function Savings.new(owner, balance, rate)
  local self = Account.new(owner, balance)
  self.rate = rate
  return setmetatable(self, Savings)
end

function Savings:add_interest()
  self:deposit(self.balance * self.rate)
end

local account = Savings.new("ada", 100, 0.05)
account:add_interest()
print(account.owner, account.balance, account:withdraw(500))
