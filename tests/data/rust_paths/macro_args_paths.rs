mod text {
    pub fn upper(s: &str) -> String {
        s.to_uppercase()
    }

    pub mod sep {
        pub const COMMA: &str = ",";
    }
}

pub fn joined(words: &[&str]) -> String {
    let parts: Vec<String> = words.iter().map(|w| text::upper(w)).collect();
    let out = format!("{}", parts.join(text::sep::COMMA));
    assert_eq!(out.len() >= 0, true, "{}", text::upper("len"));
    out
}
