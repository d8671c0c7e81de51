mod tools {
    pub fn hammer() -> u8 {
        1
    }

    pub fn saw() -> u8 {
        2
    }

    pub mod power {
        pub fn drill() -> u8 {
            3
        }
    }
}

use tools::{hammer, power::drill, saw};

pub fn all() -> u8 {
    hammer() + saw() + drill()
}
