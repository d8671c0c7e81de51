mod limits {
    pub const MAX: usize = 100;
    pub static NAME: &str = "limits";
}

pub fn clamp(x: usize) -> usize {
    if x > limits::MAX {
        limits::MAX
    } else {
        x
    }
}

pub fn name() -> &'static str {
    limits::NAME
}
