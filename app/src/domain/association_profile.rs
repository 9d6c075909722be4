//! The association's own rules as data, kept by the admins at /admin/settings: its name, its
//! representative, the signature under every mail, the privacy notice members agree to (and its
//! version), and the dues calendar. Pages, mails and rosters read these; nothing of it is written
//! into the code.

use crate::domain::dues::{DuesCalendar, GraceDate};
use crate::domain::localized::Localized;
use crate::domain::text;
use crate::error::{FieldErrors, FieldProblem};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssociationProfile {
    pub name: Localized,
    /// "会長 稲城 太郎": who signs for the association (letters, receipts).
    pub representative: Localized,
    /// The last lines of every mail.
    pub signature: Localized,
    pub privacy_notice: Localized,
    /// Changing it asks every member to agree to the notice again.
    pub privacy_version: String,
    pub calendar: DuesCalendar,
    /// Whole fiscal years unpaid after which a membership may be recorded as lapsed.
    pub lapse_after_unpaid_years: u8,
    /// Where members pay their dues (bank, branch, account, holder), printed on the notice
    /// letter; may be empty.
    pub payment_account: Localized,
}

impl AssociationProfile {
    /// The form filled with these settings (for editing).
    pub fn form(&self) -> AssociationForm {
        AssociationForm {
            name_ja: self.name.ja.clone(),
            name_en: self.name.en.clone(),
            representative_ja: self.representative.ja.clone(),
            representative_en: self.representative.en.clone(),
            signature_ja: self.signature.ja.clone(),
            signature_en: self.signature.en.clone(),
            privacy_notice_ja: self.privacy_notice.ja.clone(),
            privacy_notice_en: self.privacy_notice.en.clone(),
            privacy_version: self.privacy_version.clone(),
            fiscal_year_start_month: self.calendar.start_month.to_string(),
            dues_grace_month: self.calendar.grace.month.to_string(),
            dues_grace_day: self.calendar.grace.day.to_string(),
            lapse_after_unpaid_years: self.lapse_after_unpaid_years.to_string(),
            payment_account_ja: self.payment_account.ja.clone(),
            payment_account_en: self.payment_account.en.clone(),
        }
    }

    /// The names of the settings that differ between `self` and `other` (for the audit log).
    pub fn changed_fields(&self, other: &AssociationProfile) -> Vec<&'static str> {
        let (a, b) = (self.form(), other.form());
        [
            ("name_ja", a.name_ja != b.name_ja),
            ("name_en", a.name_en != b.name_en),
            ("representative_ja", a.representative_ja != b.representative_ja),
            ("representative_en", a.representative_en != b.representative_en),
            ("signature_ja", a.signature_ja != b.signature_ja),
            ("signature_en", a.signature_en != b.signature_en),
            ("privacy_notice_ja", a.privacy_notice_ja != b.privacy_notice_ja),
            ("privacy_notice_en", a.privacy_notice_en != b.privacy_notice_en),
            ("privacy_version", a.privacy_version != b.privacy_version),
            ("fiscal_year_start_month", a.fiscal_year_start_month != b.fiscal_year_start_month),
            ("dues_grace", a.dues_grace_month != b.dues_grace_month || a.dues_grace_day != b.dues_grace_day),
            ("lapse_after_unpaid_years", a.lapse_after_unpaid_years != b.lapse_after_unpaid_years),
            ("payment_account_ja", a.payment_account_ja != b.payment_account_ja),
            ("payment_account_en", a.payment_account_en != b.payment_account_en),
        ]
        .into_iter()
        .filter_map(|(field, differs)| differs.then_some(field))
        .collect()
    }
}

/// The settings form as posted (`association[…]`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AssociationForm {
    pub name_ja: String,
    pub name_en: String,
    pub representative_ja: String,
    pub representative_en: String,
    pub signature_ja: String,
    pub signature_en: String,
    pub privacy_notice_ja: String,
    pub privacy_notice_en: String,
    pub privacy_version: String,
    pub fiscal_year_start_month: String,
    pub dues_grace_month: String,
    pub dues_grace_day: String,
    pub lapse_after_unpaid_years: String,
    pub payment_account_ja: String,
    pub payment_account_en: String,
}

impl AssociationForm {
    /// Checked settings, or every problem by field.
    pub fn validate(&self) -> Result<AssociationProfile, FieldErrors> {
        let mut e = FieldErrors::default();
        let mut required = |field: &str, value: &str, max: usize| {
            text::required(value, max).map_err(|p| e.add(field, p)).unwrap_or_default()
        };
        let name = Localized::new(required("name_ja", &self.name_ja, 100), required("name_en", &self.name_en, 150));
        let signature = Localized::new(
            required("signature_ja", &self.signature_ja, 300),
            required("signature_en", &self.signature_en, 300),
        );
        let privacy_notice = Localized::new(
            required("privacy_notice_ja", &self.privacy_notice_ja, 5000),
            required("privacy_notice_en", &self.privacy_notice_en, 5000),
        );
        let privacy_version = required("privacy_version", &self.privacy_version, 30);
        let representative = Localized::new(
            text::optional(&self.representative_ja, 100).map_err(|p| e.add("representative_ja", p)).unwrap_or_default(),
            text::optional(&self.representative_en, 100).map_err(|p| e.add("representative_en", p)).unwrap_or_default(),
        );
        // Several lines (bank, branch, account, holder).
        let mut account =
            |field: &str, value: &str| text::multiline(value, 300).map_err(|p| e.add(field, p)).unwrap_or_default();
        let payment_account = Localized::new(
            account("payment_account_ja", &self.payment_account_ja),
            account("payment_account_en", &self.payment_account_en),
        );
        let number = |value: &str, range: std::ops::RangeInclusive<u32>| {
            value.trim().parse::<u32>().ok().filter(|n| range.contains(n)).ok_or(FieldProblem::NotAllowed)
        };
        let start_month =
            number(&self.fiscal_year_start_month, 1..=12).map_err(|p| e.add("fiscal_year_start_month", p));
        let grace = match (number(&self.dues_grace_month, 1..=12), self.dues_grace_day.trim().parse::<u32>()) {
            (Ok(month), Ok(day)) => GraceDate::new(month, day).ok_or(FieldProblem::Date),
            _ => Err(FieldProblem::Date),
        }
        .map_err(|p| e.add("dues_grace_day", p));
        let lapse = number(&self.lapse_after_unpaid_years, 1..=5).map_err(|p| e.add("lapse_after_unpaid_years", p));
        match (start_month, grace, lapse) {
            (Ok(start_month), Ok(grace), Ok(lapse)) if e.0.is_empty() => Ok(AssociationProfile {
                name,
                representative,
                signature,
                privacy_notice,
                privacy_version,
                calendar: DuesCalendar { start_month, grace },
                lapse_after_unpaid_years: lapse as u8,
                payment_account,
            }),
            _ => Err(e),
        }
    }
}

#[cfg(test)]
mod tests;
