pub mod units {
    pub const METERS_PER_MILE: f64 = 1609.344;

    pub fn miles_to_meters(miles: f64) -> f64 {
        miles * METERS_PER_MILE
    }
}

pub mod pace {
    use super::units::miles_to_meters;

    pub struct Run {
        pub miles: f64,
        pub minutes: f64,
    }

    impl Run {
        pub fn meters_per_minute(&self) -> f64 {
            miles_to_meters(self.miles) / self.minutes
        }

        pub fn minutes_per_mile(&self) -> f64 {
            self.minutes / self.miles
        }
    }
}

use pace::Run;

pub fn fastest(runs: &[Run]) -> Option<&Run> {
    runs.iter().min_by(|a, b| a.minutes_per_mile().total_cmp(&b.minutes_per_mile()))
}

pub fn total_meters(runs: &[Run]) -> f64 {
    runs.iter().map(|r| units::miles_to_meters(r.miles)).sum()
}
