use std::collections::{HashSet, VecDeque};

pub struct Graph {
    adjacency: Vec<Vec<usize>>,
}

impl Graph {
    pub fn new(nodes: usize) -> Self {
        Graph { adjacency: vec![Vec::new(); nodes] }
    }

    pub fn add_edge(&mut self, a: usize, b: usize) {
        self.adjacency[a].push(b);
        self.adjacency[b].push(a);
    }

    pub fn shortest_path(&self, start: usize, goal: usize) -> Option<Vec<usize>> {
        let mut previous = vec![None; self.adjacency.len()];
        let mut seen = HashSet::new();
        let mut queue = VecDeque::new();
        seen.insert(start);
        queue.push_back(start);
        while let Some(node) = queue.pop_front() {
            if node == goal {
                let mut path = vec![goal];
                let mut current = goal;
                while let Some(p) = previous[current] {
                    path.push(p);
                    current = p;
                }
                path.reverse();
                return Some(path);
            }
            for &next in &self.adjacency[node] {
                if seen.insert(next) {
                    previous[next] = Some(node);
                    queue.push_back(next);
                }
            }
        }
        None
    }

    pub fn components(&self) -> usize {
        let mut seen = HashSet::new();
        let mut count = 0;
        for node in 0..self.adjacency.len() {
            if seen.contains(&node) {
                continue;
            }
            count += 1;
            let mut stack = vec![node];
            while let Some(n) = stack.pop() {
                if seen.insert(n) {
                    stack.extend(self.adjacency[n].iter().copied());
                }
            }
        }
        count
    }
}
