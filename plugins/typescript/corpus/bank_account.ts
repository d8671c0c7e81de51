type Currency = "EUR" | "USD";

interface Transaction {
  readonly id: number;
  readonly amount: number;
  readonly note: string;
}

class InsufficientFunds extends Error {
  constructor(readonly needed: number) {
    super(`insufficient funds: need ${needed}`);
  }
}

export class Account {
  private static nextId = 1;
  private balanceCents = 0;
  private readonly history: Transaction[] = [];

  constructor(public readonly owner: string, public readonly currency: Currency = "EUR") {}

  get balance(): number {
    return this.balanceCents / 100;
  }

  deposit(amount: number, note = "deposit"): void {
    this.record(Math.round(amount * 100), note);
  }

  withdraw(amount: number, note = "withdrawal"): void {
    const cents = Math.round(amount * 100);
    if (cents > this.balanceCents) {
      throw new InsufficientFunds((cents - this.balanceCents) / 100);
    }
    this.record(-cents, note);
  }

  private record(cents: number, note: string): void {
    this.balanceCents += cents;
    this.history.push({ id: Account.nextId++, amount: cents / 100, note });
  }

  statement(): string[] {
    return this.history.map((t) => `#${t.id} ${t.amount.toFixed(2)} ${this.currency} ${t.note}`);
  }
}

const account = new Account("ada");
account.deposit(100);
account.withdraw(30.5, "groceries");
try {
  account.withdraw(500);
} catch (error) {
  if (error instanceof InsufficientFunds) {
    console.log(error.needed);
  }
}
console.log(account.balance, account.statement());
