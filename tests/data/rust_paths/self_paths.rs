mod m {
    fn private() -> u8 {
        1
    }

    pub fn public() -> u8 {
        self::private() + 1
    }

    pub mod sub {
        pub fn value() -> u8 {
            2
        }
    }

    pub use self::sub::value;
}

pub fn get() -> u8 {
    m::public() + m::value()
}
