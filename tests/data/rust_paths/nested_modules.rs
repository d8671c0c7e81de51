mod a {
    pub mod b {
        pub mod c {
            pub fn deep() -> u8 {
                9
            }
        }

        pub fn mid() -> u8 {
            c::deep() + self::c::deep()
        }
    }

    pub fn top() -> u8 {
        b::mid() + b::c::deep()
    }
}

pub fn call() -> u8 {
    a::top() + a::b::c::deep()
}
