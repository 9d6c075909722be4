//! The association's own contact details, kept by the secretariat: shown on the home page and in
//! every page's footer, never written into the code.

use crate::domain::address::{parse_phone, parse_postal_code};
use crate::domain::email::Email;
use crate::domain::localized::Localized;
use crate::domain::text;
use crate::error::FieldErrors;
use serde::{Deserialize, Serialize};

/// Where and how to reach the secretariat. Empty fields are simply not shown.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssociationContact {
    /// The association's name (kept with its profile; shown in the header and footer).
    pub name: Localized,
    /// The office's address (in Japanese, and as an English reader writes it).
    pub office: Localized,
    /// Seven digits (`2060802`; shown as 〒206-0802), or empty.
    pub postal_code: String,
    pub phone: String,
    pub email: String,
    /// When someone is at the office ("平日 9:00〜17:00").
    pub hours: Localized,
}

impl AssociationContact {
    pub fn is_empty(&self) -> bool {
        self.office.is_empty() && self.phone.is_empty() && self.email.is_empty() && self.hours.is_empty()
    }

    /// The form filled with these details (for editing).
    pub fn form(&self) -> ContactForm {
        ContactForm {
            office_ja: self.office.ja.clone(),
            office_en: self.office.en.clone(),
            postal_code: self.postal_code.clone(),
            phone: self.phone.clone(),
            email: self.email.clone(),
            hours_ja: self.hours.ja.clone(),
            hours_en: self.hours.en.clone(),
        }
    }
}

/// The contact form as posted (`contact[…]`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ContactForm {
    pub office_ja: String,
    pub office_en: String,
    pub postal_code: String,
    pub phone: String,
    pub email: String,
    pub hours_ja: String,
    pub hours_en: String,
}

impl ContactForm {
    /// Checked details, or every problem by field. Every field may be left empty.
    pub fn validate(&self) -> Result<AssociationContact, FieldErrors> {
        let mut e = FieldErrors::default();
        let mut text = |field: &str, value: &str, max: usize| {
            text::optional(value, max).map_err(|p| e.add(field, p)).unwrap_or_default()
        };
        let office = Localized::new(text("office_ja", &self.office_ja, 200), text("office_en", &self.office_en, 200));
        let hours = Localized::new(text("hours_ja", &self.hours_ja, 100), text("hours_en", &self.hours_en, 100));
        let blank_or = |value: &str| (!value.trim().is_empty()).then_some(value.trim().to_string());
        let postal_code = match blank_or(&self.postal_code) {
            Some(code) => parse_postal_code(&code).map_err(|p| e.add("postal_code", p)),
            None => Ok(String::new()),
        };
        let phone = match blank_or(&self.phone) {
            Some(phone) => parse_phone(&phone).map_err(|p| e.add("phone", p)),
            None => Ok(String::new()),
        };
        let email = match blank_or(&self.email) {
            Some(email) => Email::parse(&email).map(|e| e.as_str().to_string()).map_err(|p| e.add("email", p)),
            None => Ok(String::new()),
        };
        match (postal_code, phone, email) {
            (Ok(postal_code), Ok(phone), Ok(email)) if e.0.is_empty() => {
                Ok(AssociationContact { name: Localized::default(), office, postal_code, phone, email, hours })
            }
            _ => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::FieldProblem;

    #[test]
    fn contact_details_are_checked_like_a_members() {
        let form = ContactForm {
            office_ja: " 稲城市東長沼2112番地の1 ".into(),
            postal_code: "２０６０８０２".into(),
            phone: "042-378-2111".into(),
            email: "Office@Example.JP".into(),
            ..Default::default()
        };
        let contact = form.validate().unwrap();
        assert_eq!(contact.office.ja, "稲城市東長沼2112番地の1");
        assert_eq!((contact.postal_code.as_str(), contact.email.as_str()), ("2060802", "office@example.jp"));
        assert!(ContactForm::default().validate().unwrap().is_empty(), "everything may be left empty");
        let wrong = ContactForm { postal_code: "12".into(), email: "not an address".into(), ..Default::default() };
        let errors = wrong.validate().unwrap_err();
        assert_eq!(errors.get("postal_code"), Some(&FieldProblem::PostalCode));
        assert!(errors.get("email").is_some());
    }
}
