//! The principal organs whose resolutions Plenary publishes, named in front
//! matter (`organ:`) or inferred from the document symbol.

use crate::symbol::Symbol;
use serde::{Deserialize, Serialize};

/// An organ that adopts resolutions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Organ {
    GeneralAssembly,
    SecurityCouncil,
    EconomicAndSocialCouncil,
    HumanRightsCouncil,
}

impl Organ {
    pub const ALL: [Organ; 4] = [
        Organ::GeneralAssembly,
        Organ::SecurityCouncil,
        Organ::EconomicAndSocialCouncil,
        Organ::HumanRightsCouncil,
    ];

    /// The name as resolutions write it: "Security Council".
    pub fn name(self) -> &'static str {
        match self {
            Organ::GeneralAssembly => "General Assembly",
            Organ::SecurityCouncil => "Security Council",
            Organ::EconomicAndSocialCouncil => "Economic and Social Council",
            Organ::HumanRightsCouncil => "Human Rights Council",
        }
    }

    /// The URL segment of the organ's page: `security-council`.
    pub fn slug(self) -> &'static str {
        match self {
            Organ::GeneralAssembly => "general-assembly",
            Organ::SecurityCouncil => "security-council",
            Organ::EconomicAndSocialCouncil => "economic-and-social-council",
            Organ::HumanRightsCouncil => "human-rights-council",
        }
    }

    /// The organ named `name` (as [`Organ::name`] writes it; case and runs
    /// of spaces do not matter).
    pub fn from_name(name: &str) -> Option<Organ> {
        let wanted = name.split_whitespace().collect::<Vec<_>>().join(" ");
        Organ::ALL.into_iter().find(|o| o.name().eq_ignore_ascii_case(&wanted))
    }

    /// The organ a resolution symbol belongs to: `S/RES/…`, `E/RES/…`,
    /// `A/HRC/RES/…`, `A/RES/…`; other symbols have none.
    pub fn from_symbol(symbol: &Symbol) -> Option<Organ> {
        let s = symbol.as_str();
        if s.starts_with("A/HRC/RES/") {
            Some(Organ::HumanRightsCouncil)
        } else if s.starts_with("A/RES/") {
            Some(Organ::GeneralAssembly)
        } else if s.starts_with("S/RES/") {
            Some(Organ::SecurityCouncil)
        } else if s.starts_with("E/RES/") {
            Some(Organ::EconomicAndSocialCouncil)
        } else {
            None
        }
    }

    /// The organ of an opening formula: "The Security Council,".
    pub fn from_formula(formula: &str) -> Option<Organ> {
        let name = formula.trim().strip_prefix("The ")?.trim_end_matches(',');
        Organ::from_name(name)
    }

    /// The symbol prefix of the organ's resolutions: `S/RES/`.
    pub fn prefix(self) -> &'static str {
        match self {
            Organ::GeneralAssembly => "A/RES/",
            Organ::SecurityCouncil => "S/RES/",
            Organ::EconomicAndSocialCouncil => "E/RES/",
            Organ::HumanRightsCouncil => "A/HRC/RES/",
        }
    }
}

impl std::fmt::Display for Organ {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organs_are_read_from_symbols_names_and_formulas() {
        let sym = |s: &str| Symbol::parse(s).expect("symbol");
        assert_eq!(
            Organ::from_symbol(&sym("S/RES/2719 (2023)")),
            Some(Organ::SecurityCouncil)
        );
        assert_eq!(
            Organ::from_symbol(&sym("A/HRC/RES/52/1")),
            Some(Organ::HumanRightsCouncil)
        );
        assert_eq!(
            Organ::from_symbol(&sym("E/RES/2023/1")),
            Some(Organ::EconomicAndSocialCouncil)
        );
        assert_eq!(Organ::from_symbol(&sym("A/RES/65/232")), Some(Organ::GeneralAssembly));
        assert_eq!(Organ::from_symbol(&sym("A/65/457")), None);
        assert_eq!(
            Organ::from_name("economic and  social council"),
            Some(Organ::EconomicAndSocialCouncil)
        );
        assert_eq!(
            Organ::from_formula("The Human Rights Council,"),
            Some(Organ::HumanRightsCouncil)
        );
        assert_eq!(Organ::from_formula("The Conference of the Parties,"), None);
    }

    #[test]
    fn slugs_are_the_discovery_pages_slugs_of_the_names() {
        for o in Organ::ALL {
            assert_eq!(o.slug(), crate::render::listings::slug(o.name()));
        }
    }
}
