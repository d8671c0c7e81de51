macro_rules! square {
    ($x:expr) => {
        $x * $x
    };
}

macro_rules! twice {
    ($x:expr) => {
        square!($x) + square!($x)
    };
}

pub fn show() {
    println!("{}", square!(2));
    println!("{} {}", twice!(3), square!(4));
}
