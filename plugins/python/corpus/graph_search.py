"""Graph traversal and shortest-path helpers on adjacency dictionaries."""
from __future__ import annotations

import heapq
from collections import deque
from typing import Dict, Hashable, Iterator, List, Optional, Tuple, TypeVar

N = TypeVar("N", bound=Hashable)
Graph = Dict[N, Dict[N, float]]

ROAD_MAP: Graph = {
    "Amsterdam": {"Utrecht": 45, "Haarlem": 20, "Leiden": 45},
    "Haarlem": {"Amsterdam": 20, "Leiden": 32},
    "Leiden": {"Haarlem": 32, "The Hague": 18, "Amsterdam": 45},
    "The Hague": {"Leiden": 18, "Rotterdam": 25},
    "Utrecht": {"Amsterdam": 45, "Rotterdam": 60, "Arnhem": 65},
    "Rotterdam": {"The Hague": 25, "Utrecht": 60},
    "Arnhem": {"Utrecht": 65},
    "Groningen": {},
}


def bfs(graph: Graph, start: N) -> Iterator[N]:
    """Yield nodes in breadth-first order."""
    seen = {start}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        yield node
        for neighbour in graph.get(node, {}):
            if neighbour not in seen:
                seen.add(neighbour)
                queue.append(neighbour)


def dfs(graph: Graph, start: N, _seen: Optional[set] = None) -> Iterator[N]:
    """Yield nodes in depth-first (pre-order) order, recursively."""
    seen = _seen if _seen is not None else set()
    seen.add(start)
    yield start
    for neighbour in graph.get(start, {}):
        if neighbour not in seen:
            yield from dfs(graph, neighbour, seen)


def dfs_timestamps(graph: Graph, start: N) -> Tuple[Dict[N, int], Dict[N, int]]:
    """Discovery and finishing times of a depth-first traversal."""
    clock = 0
    discovered: Dict[N, int] = {}
    finished: Dict[N, int] = {}

    def visit(node: N) -> None:
        nonlocal clock
        clock += 1
        discovered[node] = clock
        for neighbour in graph.get(node, {}):
            if neighbour not in discovered:
                visit(neighbour)
        clock += 1
        finished[node] = clock

    visit(start)
    return discovered, finished


def dijkstra(graph: Graph, source: N) -> Tuple[Dict[N, float], Dict[N, N]]:
    distances: Dict[N, float] = {source: 0}
    previous: Dict[N, N] = {}
    heap: List[Tuple[float, int, N]] = [(0, 0, source)]
    counter = 1  # tie-breaker so nodes never get compared directly
    while heap:
        dist, _, node = heapq.heappop(heap)
        if dist > distances.get(node, float("inf")):
            continue  # stale entry
        for neighbour, weight in graph[node].items():
            candidate = dist + weight
            if candidate < distances.get(neighbour, float("inf")):
                distances[neighbour] = candidate
                previous[neighbour] = node
                heapq.heappush(heap, (candidate, counter, neighbour))
                counter += 1
    return distances, previous


def shortest_path(graph: Graph, source: N, target: N) -> Optional[List[N]]:
    distances, previous = dijkstra(graph, source)
    if target not in distances:
        return None
    path = [target]
    while path[-1] != source:
        path.append(previous[path[-1]])
    return path[::-1]


def connected_components(graph: Graph) -> List[set]:
    remaining = set(graph)
    components = []
    while remaining:
        component = set(bfs(graph, remaining.pop()))
        remaining -= component
        components.append(component)
    return components


if __name__ == "__main__":
    print("BFS:", list(bfs(ROAD_MAP, "Amsterdam")))
    print("DFS:", list(dfs(ROAD_MAP, "Amsterdam")))
    for target in ("Rotterdam", "Arnhem", "Groningen"):
        route = shortest_path(ROAD_MAP, "Haarlem", target)
        print(f"Haarlem -> {target}:", " -> ".join(route) if route else "unreachable")
    print("components:", sorted(len(c) for c in connected_components(ROAD_MAP)))
    found, done = dfs_timestamps(ROAD_MAP, "Arnhem")
    print("DFS times:", {city: (found[city], done[city]) for city in found})
