mod state {
    #[derive(Debug, PartialEq)]
    pub enum Light {
        Red,
        Green,
    }

    pub fn next(l: Light) -> Light {
        match l {
            Light::Red => Light::Green,
            Light::Green => Light::Red,
        }
    }
}

use state::Light;

pub fn cycle() -> bool {
    state::next(Light::Red) == Light::Green
}
