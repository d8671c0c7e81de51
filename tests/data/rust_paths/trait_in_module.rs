mod speak {
    pub trait Speaker {
        fn say(&self) -> String;
    }
}

pub struct Dog;

impl speak::Speaker for Dog {
    fn say(&self) -> String {
        String::from("woof")
    }
}

pub fn talk<T: speak::Speaker>(t: &T) -> String {
    t.say()
}
