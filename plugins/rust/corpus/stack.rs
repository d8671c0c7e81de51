//! A growable stack with a fixed capacity limit.

/// Errors a bounded stack can report.
#[derive(Debug, PartialEq)]
pub enum StackError {
    Full,
    Empty,
}

pub struct BoundedStack<T> {
    items: Vec<T>,
    limit: usize,
}

impl<T: Clone> BoundedStack<T> {
    pub fn new(limit: usize) -> Self {
        BoundedStack { items: Vec::with_capacity(limit), limit }
    }

    pub fn push(&mut self, item: T) -> Result<(), StackError> {
        if self.items.len() >= self.limit {
            return Err(StackError::Full);
        }
        self.items.push(item);
        Ok(())
    }

    pub fn pop(&mut self) -> Result<T, StackError> {
        self.items.pop().ok_or(StackError::Empty)
    }

    pub fn peek(&self) -> Option<&T> {
        self.items.last()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

pub fn reverse_all<T: Clone>(values: &[T]) -> Vec<T> {
    let mut stack = BoundedStack::new(values.len());
    for value in values {
        let _ = stack.push(value.clone());
    }
    let mut out = Vec::new();
    while let Ok(value) = stack.pop() {
        out.push(value);
    }
    out
}
