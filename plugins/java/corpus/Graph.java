import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

public class Graph {
    private final Map<String, List<String>> edges = new HashMap<>();

    public void connect(String from, String to) {
        edges.computeIfAbsent(from, key -> new ArrayList<>()).add(to);
        edges.computeIfAbsent(to, key -> new ArrayList<>()).add(from);
    }

    public List<String> shortestPath(String start, String goal) {
        Map<String, String> parent = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        queue.add(start);
        seen.add(start);
        while (!queue.isEmpty()) {
            String node = queue.poll();
            if (node.equals(goal)) {
                List<String> path = new ArrayList<>();
                for (String at = goal; at != null; at = parent.get(at)) {
                    path.add(0, at);
                }
                return path;
            }
            for (String next : edges.getOrDefault(node, List.of())) {
                if (seen.add(next)) {
                    parent.put(next, node);
                    queue.add(next);
                }
            }
        }
        return List.of();
    }

    public static void main(String[] args) {
        Graph graph = new Graph();
        graph.connect("a", "b");
        graph.connect("b", "c");
        graph.connect("a", "d");
        graph.connect("d", "c");
        graph.connect("c", "e");
        System.out.println(graph.shortestPath("a", "e"));
    }
}
