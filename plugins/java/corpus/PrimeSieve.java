import java.util.BitSet;
import java.util.stream.IntStream;

public class PrimeSieve {
    private final BitSet composite;
    private final int limit;

    PrimeSieve(int limit) {
        this.limit = limit;
        this.composite = new BitSet(limit + 1);
        composite.set(0);
        composite.set(1);
        for (int p = 2; (long) p * p <= limit; p++) {
            if (!composite.get(p)) {
                for (int multiple = p * p; multiple <= limit; multiple += p) {
                    composite.set(multiple);
                }
            }
        }
    }

    boolean isPrime(int n) {
        return n >= 0 && n <= limit && !composite.get(n);
    }

    IntStream primes() {
        return IntStream.rangeClosed(2, limit).filter(this::isPrime);
    }

    public static void main(String[] args) {
        PrimeSieve sieve = new PrimeSieve(100);
        System.out.println(sieve.primes().boxed().toList());
        System.out.println("97 prime? " + sieve.isPrime(97));
        int twin = 0;
        for (int p = 3; p + 2 <= 100; p += 2) {
            if (sieve.isPrime(p) && sieve.isPrime(p + 2)) {
                twin++;
            }
        }
        System.out.println("twin pairs below 100: " + twin);
    }
}
