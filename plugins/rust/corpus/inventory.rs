use std::collections::HashMap;

#[derive(Debug, Clone)]
pub struct Item {
    pub name: String,
    pub price_cents: u64,
    pub quantity: u32,
}

#[derive(Default)]
pub struct Inventory {
    items: HashMap<String, Item>,
}

impl Inventory {
    pub fn add(&mut self, name: &str, price_cents: u64, quantity: u32) {
        let entry = self.items.entry(name.to_string()).or_insert_with(|| Item {
            name: name.to_string(),
            price_cents,
            quantity: 0,
        });
        entry.quantity += quantity;
        entry.price_cents = price_cents;
    }

    pub fn remove(&mut self, name: &str, quantity: u32) -> bool {
        match self.items.get_mut(name) {
            Some(item) if item.quantity >= quantity => {
                item.quantity -= quantity;
                true
            }
            _ => false,
        }
    }

    pub fn value(&self) -> u64 {
        self.items.values().map(|i| i.price_cents * u64::from(i.quantity)).sum()
    }

    pub fn low_stock(&self, threshold: u32) -> Vec<&Item> {
        let mut low: Vec<&Item> = self.items.values().filter(|i| i.quantity < threshold).collect();
        low.sort_by(|a, b| a.name.cmp(&b.name));
        low
    }
}
