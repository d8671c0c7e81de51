pub fn root_helper() -> u8 {
    1
}

mod outer {
    pub fn outer_helper() -> u8 {
        2
    }

    pub mod inner {
        use super::outer_helper;
        use crate::root_helper;

        pub fn both() -> u8 {
            outer_helper() + root_helper()
        }
    }
}

pub fn call() -> u8 {
    outer::inner::both()
}
