fn double(x: i32) -> i32 {
    x * 2
}

pub fn check(values: &[i32]) {
    assert!(values.iter().all(|v| double(*v) > *v));
    let mapped: Vec<i32> = values.iter().map(|x| double(*x)).collect();
    println!("{:?}", mapped.iter().map(|m| m + 1).collect::<Vec<_>>());
}
