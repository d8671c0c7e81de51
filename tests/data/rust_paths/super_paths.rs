const VAL: u8 = 3;

fn base() -> u8 {
    7
}

mod child {
    pub fn get() -> u8 {
        super::VAL + super::base()
    }

    pub mod grand {
        pub fn get() -> u8 {
            super::super::VAL + super::get()
        }
    }
}

pub fn total() -> u8 {
    child::grand::get()
}
