export class Graph<N extends string | number> {
  private readonly adjacency = new Map<N, Set<N>>();

  addEdge(from: N, to: N): void {
    this.node(from).add(to);
    this.node(to);
  }

  private node(id: N): Set<N> {
    let edges = this.adjacency.get(id);
    if (!edges) {
      edges = new Set();
      this.adjacency.set(id, edges);
    }
    return edges;
  }

  topologicalOrder(): N[] {
    const indegree = new Map<N, number>();
    for (const id of this.adjacency.keys()) {
      indegree.set(id, 0);
    }
    for (const edges of this.adjacency.values()) {
      edges.forEach((to) => indegree.set(to, (indegree.get(to) ?? 0) + 1));
    }
    const ready = [...indegree].filter(([, degree]) => degree === 0).map(([id]) => id);
    const order: N[] = [];
    while (ready.length > 0) {
      const id = ready.shift()!;
      order.push(id);
      for (const to of this.adjacency.get(id) ?? []) {
        const left = indegree.get(to)! - 1;
        indegree.set(to, left);
        if (left === 0) {
          ready.push(to);
        }
      }
    }
    if (order.length !== this.adjacency.size) {
      throw new Error("the graph has a cycle");
    }
    return order;
  }
}

const build = new Graph<string>();
build.addEdge("compile", "link");
build.addEdge("fetch", "compile");
build.addEdge("link", "package");
console.log(build.topologicalOrder().join(" -> "));
