//! Roman numerals as UN documents write them: sessions (`XXX`), annexes
//! (`annex II`), sub-paragraphs (`(iv)`). Values 1 to 100, canonical
//! spelling only.

const TABLE: [(u32, &str); 9] = [
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

/// The value of an upper-case numeral, if it is written the canonical way
/// ("IIII" and "VX" are not numerals here).
pub fn value(r: &str) -> Option<u32> {
    let digit = |c| {
        TABLE
            .iter()
            .find(|(_, s)| s.len() == 1 && s.starts_with(c))
            .map_or(0, |(v, _)| *v)
    };
    let values: Vec<u32> = r.chars().map(digit).collect();
    if values.is_empty() || values.contains(&0) {
        return None;
    }
    let mut total: i64 = 0;
    for (i, v) in values.iter().enumerate() {
        match values.get(i + 1) {
            Some(next) if next > v => total -= i64::from(*v),
            _ => total += i64::from(*v),
        }
    }
    let total = u32::try_from(total).ok().filter(|t| (1..=100).contains(t))?;
    (write(total) == r).then_some(total)
}

/// The upper-case numeral of `n`.
pub fn write(mut n: u32) -> String {
    let mut out = String::new();
    for (v, s) in TABLE {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn canonical_numerals_only() {
        assert_eq!(super::value("XLVIII"), Some(48));
        assert_eq!(super::value("IIII"), None);
        assert_eq!(super::value("VX"), None);
        assert_eq!(super::value(""), None);
        assert_eq!(super::write(94), "XCIV");
    }
}
