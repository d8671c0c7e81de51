mod config {
    #[derive(Default)]
    pub struct Settings {
        pub verbose: bool,
        pub level: u8,
    }

    pub mod defaults {
        pub const LEVEL: u8 = 2;
    }
}

pub fn settings() -> config::Settings {
    config::Settings {
        verbose: true,
        level: config::defaults::LEVEL,
    }
}
