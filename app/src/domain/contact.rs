//! Outside contacts: people the association writes to who are not members (Foster City's
//! sister-city association, a partner school), in named lists. Each is added with a note of how
//! they agreed to be written to, and stops getting mail when they unsubscribe.

use crate::domain::email::Email;
use crate::domain::text;
use crate::error::{FieldErrors, FieldProblem};
use crate::i18n::Lang;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub const NAME_MAX: usize = 100;
pub const SOURCE_MAX: usize = 200;

/// The form that adds a contact to a list, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ContactForm {
    pub list_id: String,
    pub name: String,
    pub organisation: String,
    pub email: String,
    pub lang: String,
    /// How they agreed (「2026年11月3日のメールで承諾」).
    pub consent_source: String,
}

/// A contact as checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewContact {
    pub list_id: i64,
    pub name: String,
    pub organisation: String,
    pub email: Email,
    pub lang: Lang,
    pub consent_source: String,
}

impl ContactForm {
    pub fn check(&self) -> Result<NewContact, FieldErrors> {
        let mut e = FieldErrors::default();
        let list_id = self.list_id.trim().parse::<i64>().map_err(|_| e.add("list_id", FieldProblem::Required)).ok();
        let name = text::required(&self.name, NAME_MAX).map_err(|p| e.add("name", p)).ok();
        let organisation = text::optional(&self.organisation, NAME_MAX).map_err(|p| e.add("organisation", p)).ok();
        let email = Email::parse(&self.email).map_err(|p| e.add("email", p)).ok();
        let lang = Lang::parse(self.lang.trim()).or_else(|| {
            e.add("lang", FieldProblem::Required);
            None
        });
        let consent_source =
            text::required(&self.consent_source, SOURCE_MAX).map_err(|p| e.add("consent_source", p)).ok();
        match (list_id, name, organisation, email, lang, consent_source) {
            (Some(list_id), Some(name), Some(organisation), Some(email), Some(lang), Some(consent_source)) => {
                Ok(NewContact { list_id, name, organisation, email, lang, consent_source })
            }
            _ => Err(e),
        }
    }
}

/// A contact as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub id: i64,
    pub name: String,
    pub organisation: String,
    pub email: String,
    pub lang: Lang,
    pub consent_at: DateTime<Utc>,
    pub consent_source: String,
    pub unsubscribed_at: Option<DateTime<Utc>>,
}

/// A named list and its contacts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactList {
    pub id: i64,
    pub name: String,
    pub contacts: Vec<Contact>,
}

/// The contact lists page: the lists, and the add form as last typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactListsPage {
    pub lists: Vec<ContactList>,
    pub form: ContactForm,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_contact_needs_a_list_a_name_an_address_a_language_and_how_they_agreed() {
        let form = ContactForm {
            list_id: "1".into(),
            name: " Jane Doe ".into(),
            organisation: "Foster City Sister City Association".into(),
            email: "Jane@Example.org".into(),
            lang: "en".into(),
            consent_source: "Asked by email, 2026-11-03".into(),
        };
        let contact = form.check().unwrap();
        assert_eq!(
            (contact.name.as_str(), contact.email.as_str(), contact.lang),
            ("Jane Doe", "jane@example.org", Lang::En)
        );
        let fields: Vec<String> = ContactForm::default().check().unwrap_err().0.into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["list_id", "name", "email", "lang", "consent_source"]);
    }
}
