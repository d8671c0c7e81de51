import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

public class WordFrequency {
    // Counts words, ignoring case and punctuation.
    static Map<String, Integer> count(String text) {
        Map<String, Integer> counts = new HashMap<>();
        for (String raw : text.split("\\s+")) {
            String word = raw.replaceAll("[^A-Za-z']", "").toLowerCase();
            if (word.isEmpty()) {
                continue;
            }
            counts.merge(word, 1, Integer::sum);
        }
        return counts;
    }

    static List<Map.Entry<String, Integer>> top(Map<String, Integer> counts, int limit) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(limit)
                .collect(Collectors.toList());
    }

    public static void main(String[] args) {
        String text = """
                The quick brown fox jumps over the lazy dog.
                The dog sleeps; the fox runs.
                """;
        Map<String, Integer> counts = count(text);
        for (Map.Entry<String, Integer> entry : top(counts, 3)) {
            System.out.printf("%-6s %d%n", entry.getKey(), entry.getValue());
        }
    }
}
