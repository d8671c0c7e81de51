use std::collections::BTreeMap;
use std::fmt;

#[derive(Debug)]
pub enum BankError {
    UnknownAccount(u32),
    InsufficientFunds { needed: u64, available: u64 },
}

impl fmt::Display for BankError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            BankError::UnknownAccount(id) => write!(f, "no account {}", id),
            BankError::InsufficientFunds { needed, available } => {
                write!(f, "needed {} but only {} available", needed, available)
            }
        }
    }
}

#[derive(Default)]
pub struct Bank {
    accounts: BTreeMap<u32, u64>,
    next_id: u32,
}

impl Bank {
    pub fn open(&mut self, deposit: u64) -> u32 {
        self.next_id += 1;
        self.accounts.insert(self.next_id, deposit);
        self.next_id
    }

    fn balance_mut(&mut self, id: u32) -> Result<&mut u64, BankError> {
        self.accounts.get_mut(&id).ok_or(BankError::UnknownAccount(id))
    }

    pub fn withdraw(&mut self, id: u32, amount: u64) -> Result<u64, BankError> {
        let balance = self.balance_mut(id)?;
        if *balance < amount {
            return Err(BankError::InsufficientFunds { needed: amount, available: *balance });
        }
        *balance -= amount;
        Ok(*balance)
    }

    pub fn transfer(&mut self, from: u32, to: u32, amount: u64) -> Result<(), BankError> {
        self.balance_mut(to)?;
        self.withdraw(from, amount)?;
        *self.balance_mut(to)? += amount;
        Ok(())
    }

    pub fn total(&self) -> u64 {
        self.accounts.values().sum()
    }
}
