#[derive(Debug, PartialEq)]
pub enum RpnError {
    StackUnderflow,
    UnknownToken(String),
    DivisionByZero,
}

fn apply(op: &str, a: i64, b: i64) -> Result<i64, RpnError> {
    match op {
        "+" => Ok(a + b),
        "-" => Ok(a - b),
        "*" => Ok(a * b),
        "/" => {
            if b == 0 {
                Err(RpnError::DivisionByZero)
            } else {
                Ok(a / b)
            }
        }
        other => Err(RpnError::UnknownToken(other.to_string())),
    }
}

pub fn evaluate(expression: &str) -> Result<i64, RpnError> {
    let mut stack: Vec<i64> = Vec::new();
    for token in expression.split_whitespace() {
        if let Ok(number) = token.parse::<i64>() {
            stack.push(number);
            continue;
        }
        let b = stack.pop().ok_or(RpnError::StackUnderflow)?;
        let a = stack.pop().ok_or(RpnError::StackUnderflow)?;
        stack.push(apply(token, a, b)?);
    }
    match stack.as_slice() {
        [result] => Ok(*result),
        _ => Err(RpnError::StackUnderflow),
    }
}
