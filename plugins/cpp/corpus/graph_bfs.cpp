#include <iostream>
#include <queue>
#include <vector>

class Graph {
public:
    explicit Graph(int vertices) : adjacency_(vertices) {}

    void connect(int a, int b) {
        adjacency_[a].push_back(b);
        adjacency_[b].push_back(a);
    }

    std::vector<int> distances_from(int source) const {
        std::vector<int> distance(adjacency_.size(), -1);
        std::queue<int> frontier;
        distance[source] = 0;
        frontier.push(source);
        while (!frontier.empty()) {
            int current = frontier.front();
            frontier.pop();
            for (int next : adjacency_[current]) {
                if (distance[next] < 0) {
                    distance[next] = distance[current] + 1;
                    frontier.push(next);
                }
            }
        }
        return distance;
    }

private:
    std::vector<std::vector<int>> adjacency_;
};

int main() {
    Graph graph(6);
    graph.connect(0, 1);
    graph.connect(1, 2);
    graph.connect(2, 3);
    graph.connect(0, 4);
    auto distance = graph.distances_from(0);
    for (std::size_t v = 0; v < distance.size(); ++v) {
        std::cout << v << ": " << distance[v] << "\n";
    }
    return 0;
}
