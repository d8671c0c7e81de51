const FREEZING_F: f64 = 32.0;
const SCALE: f64 = 1.8;

#[derive(Debug, Clone, Copy)]
pub enum Unit {
    Celsius,
    Fahrenheit,
    Kelvin,
}

pub fn to_celsius(value: f64, unit: Unit) -> f64 {
    match unit {
        Unit::Celsius => value,
        Unit::Fahrenheit => (value - FREEZING_F) / SCALE,
        Unit::Kelvin => value - 273.15,
    }
}

pub fn from_celsius(value: f64, unit: Unit) -> f64 {
    match unit {
        Unit::Celsius => value,
        Unit::Fahrenheit => value * SCALE + FREEZING_F,
        Unit::Kelvin => value + 273.15,
    }
}

pub fn convert(value: f64, from: Unit, to: Unit) -> f64 {
    from_celsius(to_celsius(value, from), to)
}

pub fn average(readings: &[(f64, Unit)]) -> Option<f64> {
    if readings.is_empty() {
        return None;
    }
    let sum: f64 = readings.iter().map(|&(v, u)| to_celsius(v, u)).sum();
    Some(sum / readings.len() as f64)
}
