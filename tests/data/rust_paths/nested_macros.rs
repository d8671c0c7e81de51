macro_rules! max_of {
    ($a:expr, $b:expr) => {
        if $a > $b { $a } else { $b }
    };
}

mod nums {
    pub fn seven() -> i32 {
        7
    }
}

pub fn biggest() -> Vec<i32> {
    let a = 3;
    vec![max_of!(a, nums::seven()), max_of!(nums::seven(), 10)]
}
