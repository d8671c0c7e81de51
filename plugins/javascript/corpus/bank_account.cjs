const { randomUUID } = require('node:crypto');

class InsufficientFunds extends Error {
  constructor(balance, amount) {
    super(`cannot withdraw ${amount}: balance is ${balance}`);
    this.name = 'InsufficientFunds';
  }
}

class Account {
  static #count = 0;
  #balance = 0;
  #history = [];

  constructor(owner, opening = 0) {
    this.id = randomUUID();
    this.owner = owner;
    Account.#count += 1;
    if (opening > 0) this.deposit(opening, 'opening');
  }

  static get count() {
    return Account.#count;
  }

  get balance() {
    return this.#balance;
  }

  set overdraft(limit) {
    if (limit < 0) throw new RangeError('overdraft limit must be >= 0');
    this._overdraft = limit;
  }

  deposit(amount, memo = 'deposit') {
    this.#assertAmount(amount);
    this.#balance += amount;
    this.#history.push({ kind: 'credit', amount, memo, at: new Date() });
    return this;
  }

  withdraw(amount, memo = 'withdrawal') {
    this.#assertAmount(amount);
    const limit = this._overdraft ?? 0;
    if (this.#balance + limit < amount) {
      throw new InsufficientFunds(this.#balance, amount);
    }
    this.#balance -= amount;
    this.#history.push({ kind: 'debit', amount, memo, at: new Date() });
    return this;
  }

  transfer(to, amount) {
    this.withdraw(amount, `transfer to ${to.owner}`);
    try {
      to.deposit(amount, `transfer from ${this.owner}`);
    } catch (error) {
      this.deposit(amount, 'transfer reversed');
      throw error;
    }
  }

  #assertAmount(amount) {
    if (!Number.isFinite(amount) || amount <= 0) {
      throw new TypeError(`invalid amount: ${amount}`);
    }
  }

  statement() {
    return this.#history
      .map(({ kind, amount, memo }) => `${kind === 'credit' ? '+' : '-'}${amount.toFixed(2)}  ${memo}`)
      .join('\n');
  }
}

const alice = new Account('alice', 100);
const bob = new Account('bob');
alice.transfer(bob, 30);
try {
  bob.withdraw(500);
} catch (error) {
  if (error instanceof InsufficientFunds) console.log(error.message);
  else throw error;
}
console.log(alice.statement());
console.log(`${Account.count} accounts, bob has ${bob.balance}`);

module.exports = { Account, InsufficientFunds };
