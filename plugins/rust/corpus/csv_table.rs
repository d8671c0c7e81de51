pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

fn split_line(line: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => fields.push(std::mem::take(&mut current)),
            _ => current.push(c),
        }
    }
    fields.push(current);
    fields
}

pub fn parse(text: &str) -> Option<Table> {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let header = split_line(lines.next()?);
    let rows = lines.map(split_line).collect();
    Some(Table { header, rows })
}

impl Table {
    pub fn column(&self, name: &str) -> Option<Vec<&str>> {
        let index = self.header.iter().position(|h| h == name)?;
        Some(self.rows.iter().filter_map(|r| r.get(index)).map(|s| s.as_str()).collect())
    }

    pub fn sum(&self, name: &str) -> f64 {
        self.column(name)
            .unwrap_or_default()
            .iter()
            .filter_map(|v| v.parse::<f64>().ok())
            .sum()
    }
}
