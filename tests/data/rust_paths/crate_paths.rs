mod shapes {
    pub struct Square {
        pub side: u32,
    }

    pub fn unit() -> Square {
        Square { side: 1 }
    }
}

mod render {
    pub fn draw() -> u32 {
        let s = crate::shapes::unit();
        let t = crate::shapes::Square { side: 2 };
        s.side + t.side
    }
}

pub fn run() -> u32 {
    crate::render::draw()
}
