mod shapes {
    pub fn unit() -> u32 {
        1
    }

    pub fn double(x: u32) -> u32 {
        x * 2
    }
}

pub fn area() -> u32 {
    let u = shapes::unit();
    shapes::double(u)
}
