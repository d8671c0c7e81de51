fn helper() -> u8 {
    5
}

fn other(x: u8) -> u8 {
    x + 1
}

pub fn items() -> Vec<u8> {
    let base = vec![helper(), other(2)];
    let more = vec![other(helper()); 3];
    [base, more].concat()
}
