mod engine {
    pub mod parts {
        pub fn piston() -> u8 {
            4
        }
    }

    pub use self::parts::piston;
}

mod car {
    pub fn build() -> u8 {
        crate::engine::piston()
    }
}

pub fn go() -> u8 {
    car::build()
}
