import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A least-recently-used cache on top of LinkedHashMap's access order.
 *
 * @param <K> key type
 * @param <V> value type
 */
public class LruCache<K, V> extends LinkedHashMap<K, V> {
    private static final long serialVersionUID = 1L;
    private final int capacity;
    private int evictions;

    public LruCache(int capacity) {
        super(16, 0.75f, true);
        this.capacity = capacity;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        boolean full = size() > capacity;
        if (full) {
            evictions++;
        }
        return full;
    }

    public int evictions() {
        return evictions;
    }

    public static void main(String[] args) {
        LruCache<String, Integer> cache = new LruCache<>(2);
        cache.put("a", 1);
        cache.put("b", 2);
        cache.get("a");
        cache.put("c", 3);
        System.out.println(cache.keySet() + " evictions=" + cache.evictions());
    }
}
