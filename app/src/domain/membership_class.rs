//! Membership classes as the association's articles define them: full members (正会員, who vote at
//! the general meeting) and supporting members (賛助会員), each for individuals, organisations or a
//! household, with an annual fee per unit (口) that a new price changes from a given fiscal year on.

use crate::domain::localized::Localized;
use crate::domain::money::parse_yen;
use crate::domain::text;
use crate::error::{FieldErrors, FieldProblem};
use serde::{Deserialize, Serialize};

/// 正会員 or 賛助会員 (article 5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum MemberCategory {
    Full,
    Supporting,
}

impl MemberCategory {
    pub const ALL: [MemberCategory; 2] = [MemberCategory::Full, MemberCategory::Supporting];

    pub fn code(self) -> &'static str {
        match self {
            MemberCategory::Full => "full",
            MemberCategory::Supporting => "supporting",
        }
    }

    pub fn parse(code: &str) -> Option<MemberCategory> {
        Self::ALL.into_iter().find(|c| c.code() == code.trim())
    }
}

/// Who holds a membership of the class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Holder {
    Individual,
    Organisation,
    /// One fee for the people of one household (the application names them).
    Household,
}

impl Holder {
    pub const ALL: [Holder; 3] = [Holder::Individual, Holder::Organisation, Holder::Household];

    pub fn code(self) -> &'static str {
        match self {
            Holder::Individual => "individual",
            Holder::Organisation => "organisation",
            Holder::Household => "household",
        }
    }

    pub fn parse(code: &str) -> Option<Holder> {
        Self::ALL.into_iter().find(|h| h.code() == code.trim())
    }

    /// (has_household, is_organisation) as the table keeps them.
    pub fn flags(self) -> (bool, bool) {
        (self == Holder::Household, self == Holder::Organisation)
    }

    pub fn of_flags(has_household: bool, is_organisation: bool) -> Holder {
        match (has_household, is_organisation) {
            (true, _) => Holder::Household,
            (_, true) => Holder::Organisation,
            _ => Holder::Individual,
        }
    }
}

/// The most units (口) one member may take.
pub const MAX_UNITS: u8 = 99;

/// A number of units as typed (empty: one).
pub fn parse_units(input: &str) -> Result<u8, FieldProblem> {
    use unicode_normalization::UnicodeNormalization;
    let digits: String = input.nfkc().filter(|c| !matches!(c, '口' | ' ')).collect();
    if digits.is_empty() {
        return Ok(1);
    }
    digits.parse::<u8>().ok().filter(|n| (1..=MAX_UNITS).contains(n)).ok_or(FieldProblem::NotAllowed)
}

/// A class as the admins' form posts it (`class[…]`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClassForm {
    pub name_ja: String,
    pub name_en: String,
    pub category: String,
    pub holder: String,
    pub votes: Option<String>,
    pub offered: Option<String>,
}

/// A checked class.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassDraft {
    pub name: Localized,
    pub category: MemberCategory,
    pub holder: Holder,
    pub votes: bool,
    pub offered: bool,
}

impl ClassForm {
    pub fn validate(&self) -> Result<ClassDraft, FieldErrors> {
        let mut e = FieldErrors::default();
        let name_ja = text::required(&self.name_ja, 50).map_err(|p| e.add("name_ja", p)).ok();
        let name_en = text::required(&self.name_en, 80).map_err(|p| e.add("name_en", p)).ok();
        let category = MemberCategory::parse(&self.category);
        if category.is_none() {
            e.add("category", FieldProblem::ChooseOne);
        }
        let holder = Holder::parse(&self.holder);
        if holder.is_none() {
            e.add("holder", FieldProblem::ChooseOne);
        }
        match (name_ja, name_en, category, holder) {
            (Some(ja), Some(en), Some(category), Some(holder)) if e.0.is_empty() => Ok(ClassDraft {
                name: Localized::new(ja, en),
                category,
                holder,
                votes: self.votes.is_some(),
                offered: self.offered.is_some(),
            }),
            _ => Err(e),
        }
    }
}

/// A new fee per unit and the fiscal year it applies from: this year or a later one (an earlier
/// year keeps the price it had).
pub fn parse_new_fee(fee: &str, from_year: &str, this_year: i32) -> Result<(i32, i32), FieldErrors> {
    let mut e = FieldErrors::default();
    let fee = parse_yen(fee).map_err(|p| e.add("fee_per_unit_yen", p)).ok();
    let year = from_year
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|y| (this_year..=this_year + 5).contains(y))
        .ok_or(FieldProblem::NotAllowed)
        .map_err(|p| e.add("from_year", p))
        .ok();
    match (fee, year) {
        (Some(fee), Some(year)) if e.0.is_empty() => Ok((fee, year)),
        _ => Err(e),
    }
}

/// A code for a new class from its English name ("Student member" → `student_member`), unique
/// among `taken`.
pub fn code_for(name_en: &str, taken: &[String]) -> String {
    let base: String = name_en
        .to_ascii_lowercase()
        .split(|c: char| !c.is_ascii_lowercase())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("_");
    let base = if base.is_empty() { "class".to_string() } else { base.chars().take(40).collect() };
    // Codes are letters and underscores only: a second "student" becomes `student_b`.
    std::iter::once(base.clone())
        .chain(('b'..='z').map(|letter| format!("{base}_{letter}")))
        .find(|code| !taken.contains(code))
        .unwrap_or_else(|| format!("{base}_{}", "z".repeat(taken.len())))
}

#[cfg(test)]
mod tests;
