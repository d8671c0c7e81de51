macro_rules! make_fn {
    ($name:ident, $v:expr) => {
        fn $name() -> i32 {
            $v
        }
    };
}

make_fn!(seven, 7);

const BASE: i32 = 1;

pub fn sum() -> i32 {
    let total = { seven() + BASE };
    total
}
