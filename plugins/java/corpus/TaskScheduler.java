import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

public class TaskScheduler implements AutoCloseable {
    private final ExecutorService pool;
    private final AtomicInteger completed = new AtomicInteger();

    public TaskScheduler(int threads) {
        pool = Executors.newFixedThreadPool(threads);
    }

    public Future<Long> submitSum(long from, long to) {
        return pool.submit(() -> {
            long sum = 0;
            for (long i = from; i <= to; i++) {
                sum += i;
            }
            completed.incrementAndGet();
            return sum;
        });
    }

    public int completed() {
        return completed.get();
    }

    @Override
    public void close() {
        pool.shutdown();
    }

    public static void main(String[] args) throws InterruptedException {
        try (TaskScheduler scheduler = new TaskScheduler(3)) {
            List<Future<Long>> parts = new ArrayList<>();
            for (int chunk = 0; chunk < 4; chunk++) {
                parts.add(scheduler.submitSum(chunk * 250L + 1, (chunk + 1) * 250L));
            }
            long total = 0;
            for (Future<Long> part : parts) {
                try {
                    total += part.get();
                } catch (ExecutionException error) {
                    System.err.println("chunk failed: " + error.getCause());
                }
            }
            System.out.println("sum 1..1000 = " + total + " from " + scheduler.completed() + " tasks");
        }
    }
}
