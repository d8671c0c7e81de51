mod storage {
    pub mod disk {
        pub fn read() -> Vec<u8> {
            vec![1, 2, 3]
        }
    }
}

use storage::disk as d;
use storage::disk::read as load;

pub fn size() -> usize {
    d::read().len() + load().len()
}
