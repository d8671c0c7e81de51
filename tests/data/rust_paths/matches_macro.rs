mod kinds {
    pub enum Token {
        Num(i64),
        Plus,
    }

    pub fn is_plus(t: &Token) -> bool {
        matches!(t, Token::Plus)
    }
}

pub fn count_plus(tokens: &[kinds::Token]) -> usize {
    tokens.iter().filter(|t| kinds::is_plus(t)).count()
}

pub fn num(n: i64) -> kinds::Token {
    kinds::Token::Num(n)
}
