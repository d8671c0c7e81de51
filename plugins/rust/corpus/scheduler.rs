use std::cmp::Reverse;
use std::collections::BinaryHeap;

#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Task {
    pub priority: u8,
    pub name: String,
}

pub struct Scheduler {
    queue: BinaryHeap<Task>,
    deadlines: BinaryHeap<Reverse<(u64, String)>>,
}

impl Scheduler {
    pub fn new() -> Self {
        Scheduler { queue: BinaryHeap::new(), deadlines: BinaryHeap::new() }
    }

    pub fn submit(&mut self, name: &str, priority: u8, deadline: u64) {
        self.queue.push(Task { priority, name: name.to_owned() });
        self.deadlines.push(Reverse((deadline, name.to_owned())));
    }

    pub fn next_task(&mut self) -> Option<Task> {
        self.queue.pop()
    }

    pub fn overdue(&mut self, now: u64) -> Vec<String> {
        let mut late = Vec::new();
        while let Some(Reverse((deadline, _))) = self.deadlines.peek() {
            if *deadline > now {
                break;
            }
            let Reverse((_, name)) = self.deadlines.pop().unwrap();
            late.push(name);
        }
        late
    }
}
