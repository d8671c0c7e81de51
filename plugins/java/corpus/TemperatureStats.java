import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

public class TemperatureStats {
    record Reading(String city, int month, double celsius) {}

    static Map<String, DoubleSummaryStatistics> byCity(List<Reading> readings) {
        return readings.stream()
                .collect(Collectors.groupingBy(Reading::city, TreeMap::new,
                        Collectors.summarizingDouble(Reading::celsius)));
    }

    static double toFahrenheit(double celsius) {
        return celsius * 9 / 5 + 32;
    }

    public static void main(String[] args) {
        List<Reading> readings = List.of(
                new Reading("Oslo", 1, -4.3),
                new Reading("Oslo", 7, 17.1),
                new Reading("Lima", 1, 23.0),
                new Reading("Lima", 7, 16.4));
        Map<String, DoubleSummaryStatistics> stats = byCity(readings);
        stats.forEach((city, summary) -> System.out.printf(
                "%s: min %.1f, max %.1f, mean %.1f F%n",
                city, summary.getMin(), summary.getMax(), toFahrenheit(summary.getAverage())));
    }
}
