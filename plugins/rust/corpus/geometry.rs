#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

impl Point {
    pub const ORIGIN: Point = Point { x: 0.0, y: 0.0 };

    pub fn distance(self, other: Point) -> f64 {
        let dx = self.x - other.x;
        let dy = self.y - other.y;
        (dx * dx + dy * dy).sqrt()
    }
}

pub fn perimeter(points: &[Point]) -> f64 {
    if points.len() < 2 {
        return 0.0;
    }
    let mut total = 0.0;
    for pair in points.windows(2) {
        total += pair[0].distance(pair[1]);
    }
    total + points[points.len() - 1].distance(points[0])
}

pub fn centroid(points: &[Point]) -> Option<Point> {
    if points.is_empty() {
        return None;
    }
    let n = points.len() as f64;
    let Point { x, y } = points.iter().fold(Point::ORIGIN, |acc, p| Point { x: acc.x + p.x, y: acc.y + p.y });
    Some(Point { x: x / n, y: y / n })
}

pub fn farthest_from_origin(points: &[Point]) -> Option<Point> {
    points
        .iter()
        .copied()
        .max_by(|a, b| a.distance(Point::ORIGIN).total_cmp(&b.distance(Point::ORIGIN)))
}
