import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/** A token-bucket rate limiter with an injectable clock. */
public class RateLimiter {
    private final long capacity;
    private final double refillPerNano;
    private final LongSupplier clock;
    private double tokens;
    private long lastRefill;

    public RateLimiter(long capacity, long perSecond, LongSupplier clock) {
        this.capacity = capacity;
        this.refillPerNano = perSecond / (double) TimeUnit.SECONDS.toNanos(1);
        this.clock = clock;
        this.tokens = capacity;
        this.lastRefill = clock.getAsLong();
    }

    private void refill() {
        long now = clock.getAsLong();
        tokens = Math.min(capacity, tokens + (now - lastRefill) * refillPerNano);
        lastRefill = now;
    }

    public synchronized boolean tryAcquire() {
        refill();
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    public static void main(String[] args) {
        long[] fakeTime = {0};
        RateLimiter limiter = new RateLimiter(2, 1, () -> fakeTime[0]);
        int granted = 0;
        for (int i = 0; i < 5; i++) {
            if (limiter.tryAcquire()) {
                granted++;
            }
            fakeTime[0] += TimeUnit.MILLISECONDS.toNanos(300);
        }
        System.out.println("granted " + granted + " of 5");
    }
}
