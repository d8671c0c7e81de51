mod shape {
    pub enum Kind {
        Circle(f64),
        Rect { w: f64, h: f64 },
    }

    pub struct Wrapper(pub f64);
}

pub fn area(k: shape::Kind) -> f64 {
    match k {
        shape::Kind::Circle(r) => 3.14 * r * r,
        shape::Kind::Rect { w, h } => w * h,
    }
}

pub fn unwrap(w: shape::Wrapper) -> f64 {
    let shape::Wrapper(v) = w;
    v
}
