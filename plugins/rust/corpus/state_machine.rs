#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Light {
    Red,
    Green,
    Yellow,
}

#[derive(Debug, Clone, Copy)]
pub enum Event {
    Timer,
    Emergency,
}

impl Light {
    pub fn next(self, event: Event) -> Light {
        match (self, event) {
            (_, Event::Emergency) => Light::Red,
            (Light::Red, Event::Timer) => Light::Green,
            (Light::Green, Event::Timer) => Light::Yellow,
            (Light::Yellow, Event::Timer) => Light::Red,
        }
    }

    pub fn duration_secs(self) -> u32 {
        match self {
            Light::Red => 30,
            Light::Green => 25,
            Light::Yellow => 5,
        }
    }
}

pub fn simulate(start: Light, events: &[Event]) -> (Light, u32) {
    let mut light = start;
    let mut elapsed = 0;
    for &event in events {
        elapsed += light.duration_secs();
        light = light.next(event);
    }
    (light, elapsed)
}
