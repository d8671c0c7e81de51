mod consts {
    pub const ONE: i32 = 1;
    pub const TWO: i32 = 2;
}

mod math {
    use super::consts::*;

    pub fn three() -> i32 {
        ONE + TWO
    }
}

pub fn value() -> i32 {
    math::three()
}
