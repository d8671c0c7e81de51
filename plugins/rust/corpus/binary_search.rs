use std::cmp::Ordering;

pub fn binary_search<T: Ord>(items: &[T], target: &T) -> Option<usize> {
    let mut low = 0;
    let mut high = items.len();
    while low < high {
        let mid = low + (high - low) / 2;
        match items[mid].cmp(target) {
            Ordering::Equal => return Some(mid),
            Ordering::Less => low = mid + 1,
            Ordering::Greater => high = mid,
        }
    }
    None
}

pub fn lower_bound<T: Ord>(items: &[T], target: &T) -> usize {
    let (mut low, mut high) = (0, items.len());
    while low < high {
        let mid = (low + high) / 2;
        if items[mid] < *target {
            low = mid + 1;
        } else {
            high = mid;
        }
    }
    low
}

pub fn count_in_range<T: Ord>(items: &[T], from: &T, to: &T) -> usize {
    let start = lower_bound(items, from);
    let end = lower_bound(items, to);
    end.saturating_sub(start)
}
