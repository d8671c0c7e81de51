import java.util.ArrayList;
import java.util.List;

/** A simple bank account with a transaction log. */
public class BankAccount {
    private final String owner;
    private long balanceCents;
    private final List<String> log = new ArrayList<>();

    public BankAccount(String owner, long openingCents) {
        if (openingCents < 0) {
            throw new IllegalArgumentException("negative opening balance");
        }
        this.owner = owner;
        this.balanceCents = openingCents;
        log.add("open " + openingCents);
    }

    public void deposit(long cents) {
        if (cents <= 0) {
            throw new IllegalArgumentException("deposit must be positive");
        }
        balanceCents += cents;
        log.add("deposit " + cents);
    }

    public boolean withdraw(long cents) {
        if (cents > balanceCents) {
            log.add("refused " + cents);
            return false;
        }
        balanceCents -= cents;
        log.add("withdraw " + cents);
        return true;
    }

    public long balance() {
        return balanceCents;
    }

    public List<String> history() {
        return List.copyOf(log);
    }

    @Override
    public String toString() {
        return owner + ": " + balanceCents / 100 + "." + String.format("%02d", balanceCents % 100);
    }

    public static void main(String[] args) {
        BankAccount account = new BankAccount("Ada", 10_000);
        account.deposit(2_550);
        boolean ok = account.withdraw(50_000);
        System.out.println(account + " withdrew: " + ok);
        for (String entry : account.history()) {
            System.out.println(entry);
        }
    }
}
