static NUMERALS: [(u32, &str); 13] = [
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
];

pub fn to_roman(mut n: u32) -> String {
    let mut out = String::new();
    for &(value, symbol) in NUMERALS.iter() {
        while n >= value {
            out.push_str(symbol);
            n -= value;
        }
    }
    out
}

pub fn from_roman(text: &str) -> Option<u32> {
    let mut rest = text;
    let mut total = 0;
    for &(value, symbol) in NUMERALS.iter() {
        while let Some(tail) = rest.strip_prefix(symbol) {
            total += value;
            rest = tail;
        }
    }
    if rest.is_empty() { Some(total) } else { None }
}
