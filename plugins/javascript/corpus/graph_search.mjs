export class Graph {
  constructor(directed = false) {
    this.directed = directed;
    this.adjacency = new Map();
  }

  addEdge(from, to, weight = 1) {
    for (const node of [from, to]) {
      if (!this.adjacency.has(node)) this.adjacency.set(node, new Map());
    }
    this.adjacency.get(from).set(to, weight);
    if (!this.directed) {
      this.adjacency.get(to).set(from, weight);
    }
    return this;
  }

  neighbors(node) {
    return this.adjacency.get(node) ?? new Map();
  }

  *breadthFirst(start) {
    const seen = new Set([start]);
    const queue = [start];
    while (queue.length) {
      const node = queue.shift();
      yield node;
      for (const next of this.neighbors(node).keys()) {
        if (!seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
  }

  shortestPath(start, goal) {
    const distances = new Map([[start, 0]]);
    const previous = new Map();
    const pending = new Set(this.adjacency.keys());
    while (pending.size) {
      let current = null;
      for (const node of pending) {
        if (distances.has(node) && (current === null || distances.get(node) < distances.get(current))) {
          current = node;
        }
      }
      if (current === null || current === goal) break;
      pending.delete(current);
      for (const [next, weight] of this.neighbors(current)) {
        const candidate = distances.get(current) + weight;
        if (candidate < (distances.get(next) ?? Infinity)) {
          distances.set(next, candidate);
          previous.set(next, current);
        }
      }
    }
    if (!distances.has(goal)) return null;
    const path = [goal];
    while (path[0] !== start) path.unshift(previous.get(path[0]));
    return { path, distance: distances.get(goal) };
  }
}

const roads = new Graph()
  .addEdge('A', 'B', 7)
  .addEdge('A', 'C', 9)
  .addEdge('A', 'F', 14)
  .addEdge('B', 'C', 10)
  .addEdge('C', 'F', 2)
  .addEdge('E', 'F', 9)
  .addEdge('D', 'E', 6);

console.log([...roads.breadthFirst('A')].join(' -> '));
const { path, distance } = roads.shortestPath('A', 'E');
console.log(`${path.join(' -> ')} (${distance})`);
