macro_rules! add_one {
    ($x:expr) => {
        $x + 1
    };
}

mod calc {
    pub fn inc(x: u32) -> u32 {
        add_one!(x)
    }
}

pub fn run() -> u32 {
    let v = vec![add_one!(1), calc::inc(2)];
    v.iter().sum()
}
