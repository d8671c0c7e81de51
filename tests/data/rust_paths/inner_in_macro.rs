mod inner {
    pub fn helper() -> i64 {
        42
    }

    pub const LIMIT: i64 = 10;
}

pub fn report() {
    println!("{}", inner::helper());
    println!("{} of {}", inner::helper() % 7, inner::LIMIT);
    assert!(inner::helper() > inner::LIMIT);
}
