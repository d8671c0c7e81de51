use std::fmt;

mod names {
    pub fn greeting() -> &'static str {
        "hello"
    }
}

pub struct Note {
    pub text: String,
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", names::greeting(), self.text)
    }
}
