mod counter {
    pub struct Counter {
        n: u32,
    }

    impl Counter {
        pub fn new() -> Self {
            Counter { n: 0 }
        }

        pub fn bump(&mut self) -> u32 {
            self.n += 1;
            self.n
        }
    }
}

pub fn count() -> u32 {
    let mut c = counter::Counter::new();
    c.bump();
    c.bump()
}
