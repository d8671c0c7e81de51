macro_rules! square {
    ($x:expr) => {
        $x * $x
    };
}

macro_rules! max_of {
    ($x:expr) => { $x };
    ($x:expr, $($rest:expr),+) => {{
        let rest = max_of!($($rest),+);
        if $x > rest { $x } else { rest }
    }};
}

pub fn sum_of_squares(values: &[i64]) -> i64 {
    values.iter().map(|&v| square!(v)).sum()
}

pub fn largest_of_three(a: i32, b: i32, c: i32) -> i32 {
    max_of!(a, b, c)
}

pub fn describe(values: &[i64]) -> String {
    let total = sum_of_squares(values);
    let count = values.len();
    format!("{count} values, sum of squares {total}")
}
