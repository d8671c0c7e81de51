fn label() -> &'static str {
    "total"
}

pub fn show(count: usize) -> String {
    let width = 8;
    let first = format!("{name}: {count:>width$}", name = label());
    let second = format!("{}-{}", label(), count);
    format!("{first} {second}")
}
