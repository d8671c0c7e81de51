mod geo {
    #[derive(Debug, Clone, Copy)]
    pub struct Point {
        pub x: f64,
        pub y: f64,
    }

    pub type Pair = (Point, Point);
}

pub fn length(p: geo::Pair) -> f64 {
    let (a, b) = p;
    ((a.x - b.x).powi(2) + (a.y - b.y).powi(2)).sqrt()
}

pub fn origin() -> geo::Point {
    geo::Point { x: 0.0, y: 0.0 }
}
