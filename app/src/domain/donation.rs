//! Donations (寄付金): from members (named by their member number) and from people outside the
//! association (named, with an address for the receipt). Recorded, receipted in the same numbered
//! series as dues, and voided (never changed) with a reason.

use crate::domain::address::parse_postal_code;
use crate::domain::dues::{parse_date, PaymentMethod};
use crate::domain::ids::MemberId;
use crate::domain::money::parse_yen;
use crate::domain::receipt::Receipt;
use crate::domain::text;
use crate::error::{FieldErrors, FieldProblem};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub const NAME_MAX: usize = 100;
pub const ADDRESS_MAX: usize = 200;
pub const PURPOSE_MAX: usize = 100;
pub const NOTE_MAX: usize = 200;

/// The record form as typed (a field left out of the post reads as blank).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DonationForm {
    pub member_number: String,
    pub donor_name: String,
    pub donor_postal_code: String,
    pub donor_address: String,
    pub received_on: String,
    pub amount_yen: String,
    pub method: String,
    pub purpose: String,
    pub note: String,
}

/// Who gave it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Donor {
    /// A member, by their number (checked against the records by the server).
    Member(i32),
    /// Someone outside the association: name, postal code (digits, may be empty), address.
    Outside { name: String, postal_code: String, address: String },
}

/// A donation as checked, before it is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDonation {
    pub donor: Donor,
    pub received_on: NaiveDate,
    pub amount_yen: i32,
    pub method: PaymentMethod,
    pub purpose: String,
    pub note: String,
}

impl DonationForm {
    /// The donation, or every field's problem. `today` bounds the day received.
    pub fn check(&self, today: NaiveDate) -> Result<NewDonation, FieldErrors> {
        let mut e = FieldErrors::default();
        let donor = match self.member_number.trim() {
            "" => {
                let name = text::required(&self.donor_name, NAME_MAX).map_err(|p| e.add("donor_name", p)).ok();
                let postal_code = match self.donor_postal_code.trim() {
                    "" => Ok(String::new()),
                    typed => parse_postal_code(typed),
                }
                .map_err(|p| e.add("donor_postal_code", p))
                .ok();
                let address =
                    text::optional(&self.donor_address, ADDRESS_MAX).map_err(|p| e.add("donor_address", p)).ok();
                match (name, postal_code, address) {
                    (Some(name), Some(postal_code), Some(address)) => {
                        Some(Donor::Outside { name, postal_code, address })
                    }
                    _ => None,
                }
            }
            typed => match typed.parse::<i32>() {
                Ok(number) if number > 0 => Some(Donor::Member(number)),
                _ => {
                    e.add("member_number", FieldProblem::InvalidFormat);
                    None
                }
            },
        };
        let received_on = parse_date(&self.received_on)
            .and_then(|d| if d > today { Err(FieldProblem::Date) } else { Ok(d) })
            .map_err(|p| e.add("received_on", p))
            .ok();
        let amount_yen = parse_yen(&self.amount_yen)
            .and_then(|yen| if yen > 0 { Ok(yen) } else { Err(FieldProblem::InvalidFormat) })
            .map_err(|p| e.add("amount_yen", p))
            .ok();
        let method = PaymentMethod::parse(&self.method).map_err(|p| e.add("method", p)).ok();
        let purpose = text::optional(&self.purpose, PURPOSE_MAX).map_err(|p| e.add("purpose", p)).ok();
        let note = text::optional(&self.note, NOTE_MAX).map_err(|p| e.add("note", p)).ok();
        match (donor, received_on, amount_yen, method, purpose, note) {
            (Some(donor), Some(received_on), Some(amount_yen), Some(method), Some(purpose), Some(note))
                if e.0.is_empty() =>
            {
                Ok(NewDonation { donor, received_on, amount_yen, method, purpose, note })
            }
            _ => Err(e),
        }
    }
}

/// A donation as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Donation {
    pub id: i64,
    pub member_id: Option<MemberId>,
    pub member_number: Option<i32>,
    /// The member's name (the organisation's, for a class held by one), or the outside donor's.
    pub donor: String,
    pub received_on: NaiveDate,
    pub amount_yen: i32,
    pub method: PaymentMethod,
    pub purpose: String,
    pub note: String,
    /// Why it was voided, when it was.
    pub voided: Option<String>,
    /// Its receipt in force, if issued.
    pub receipt: Option<Receipt>,
}

/// The donations page of a fiscal year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DonationsPage {
    pub year: i32,
    pub this_year: i32,
    pub today: NaiveDate,
    pub donations: Vec<Donation>,
    /// The form, as typed before a refusal.
    pub form: DonationForm,
}

impl DonationsPage {
    /// Donations in force that year and what they came to.
    pub fn totals(&self) -> (usize, i64) {
        let live = self.donations.iter().filter(|d| d.voided.is_none());
        (live.clone().count(), live.map(|d| i64::from(d.amount_yen)).sum())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> DonationForm {
        DonationForm {
            donor_name: "フォスター 太郎".into(),
            received_on: "2026-05-01".into(),
            amount_yen: "10,000円".into(),
            method: "cash".into(),
            ..DonationForm::default()
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 6, 1).unwrap()
    }

    #[test]
    fn a_donor_from_outside_is_named_and_a_member_is_numbered() {
        let d = form().check(today()).unwrap();
        assert_eq!(d.amount_yen, 10_000);
        assert!(matches!(d.donor, Donor::Outside { ref name, .. } if name == "フォスター 太郎"));
        let member = DonationForm { member_number: "12".into(), donor_name: String::new(), ..form() };
        assert_eq!(member.check(today()).unwrap().donor, Donor::Member(12));
    }

    #[test]
    fn every_problem_is_named() {
        let bad = DonationForm {
            donor_name: String::new(),
            donor_postal_code: "12".into(),
            received_on: "2026-07-01".into(),
            amount_yen: "0".into(),
            method: "card".into(),
            ..form()
        };
        let fields: Vec<String> = bad.check(today()).unwrap_err().0.into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["donor_name", "donor_postal_code", "received_on", "amount_yen", "method"]);
        let bad_number = DonationForm { member_number: "十二".into(), ..form() };
        assert_eq!(bad_number.check(today()).unwrap_err().0[0].field, "member_number");
    }
}
