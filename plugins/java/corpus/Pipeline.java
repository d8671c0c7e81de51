import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/** A tiny composable data pipeline. */
public class Pipeline<T> {
    private final List<T> items;

    private Pipeline(List<T> items) {
        this.items = items;
    }

    public static <T> Pipeline<T> of(List<T> items) {
        return new Pipeline<>(new ArrayList<>(items));
    }

    public <R> Pipeline<R> map(Function<? super T, ? extends R> mapper) {
        List<R> out = new ArrayList<>();
        for (T item : items) {
            out.add(mapper.apply(item));
        }
        return new Pipeline<>(out);
    }

    public Pipeline<T> filter(Predicate<? super T> keep) {
        List<T> out = new ArrayList<>();
        for (T item : items) {
            if (keep.test(item)) {
                out.add(item);
            }
        }
        return new Pipeline<>(out);
    }

    @SafeVarargs
    public final Pipeline<T> append(T... more) {
        List<T> out = new ArrayList<>(items);
        out.addAll(List.of(more));
        return new Pipeline<>(out);
    }

    public List<T> toList() {
        return List.copyOf(items);
    }

    public static void main(String[] args) {
        List<String> result = Pipeline.of(List.of(3, 8, 1, 12))
                .append(7, 20)
                .filter(n -> n % 2 == 0 || n > 10)
                .map(n -> "#" + n)
                .toList();
        System.out.println(result);
    }
}
