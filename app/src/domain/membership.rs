//! Membership views that the queries build and several pages show: membership types, committee
//! choices, a member as they see themselves, list rows and the list filter. Types that one page
//! and its server function alone exchange live beside that function in `api/`.

use super::dues::{DuesStanding, PaymentMethod};
use super::ids::MemberId;
use super::localized::Localized;
use super::member::{MemberStatus, Profile};
use super::membership_class::{Holder, MemberCategory};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MembershipType {
    pub id: i64,
    pub code: String,
    pub name: Localized,
    /// The annual fee per unit (口) in the current fiscal year.
    pub fee_per_unit_yen: i32,
    pub has_household: bool,
    pub is_organisation: bool,
    /// New applicants may choose it (a retired class stays for the members who have it).
    pub offered: bool,
    pub category: MemberCategory,
    /// Its members vote at the general meeting.
    pub votes: bool,
}

impl MembershipType {
    pub fn holder(&self) -> Holder {
        Holder::of_flags(self.has_household, self.is_organisation)
    }
}

/// A class's fee per unit from a fiscal year on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeeFrom {
    pub type_id: i64,
    pub from_fiscal_year: i32,
    pub fee_per_unit_yen: i32,
}

impl FeeFrom {
    /// The fee per unit of a class in a fiscal year: the latest price set from that year or
    /// before (as SQL's `membership_fee`); `None` before the class had a price.
    pub fn in_year(fees: &[FeeFrom], type_id: i64, year: i32) -> Option<i32> {
        fees.iter()
            .filter(|f| f.type_id == type_id && f.from_fiscal_year <= year)
            .max_by_key(|f| f.from_fiscal_year)
            .map(|f| f.fee_per_unit_yen)
    }
}

/// A committee to tick on a form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitteeChoice {
    pub slug: String,
    pub name: Localized,
}

/// One fiscal year's dues as the member (and the secretariat) see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DuesPayment {
    pub fiscal_year: i32,
    pub paid_on: NaiveDate,
    pub amount_yen: i32,
    pub method: PaymentMethod,
    pub note: String,
}

impl DuesPayment {
    /// The fields that differ in `after`, in the form's order.
    pub fn changes(&self, after: &DuesPayment) -> Vec<super::dues::FieldChange> {
        let fields = |p: &DuesPayment| {
            [
                ("fiscal_year", p.fiscal_year.to_string()),
                ("paid_on", p.paid_on.to_string()),
                ("amount_yen", p.amount_yen.to_string()),
                ("method", p.method.code().to_string()),
                ("note", p.note.clone()),
            ]
        };
        fields(self)
            .into_iter()
            .zip(fields(after))
            .filter(|((_, before), (_, after))| before != after)
            .map(|((field, before), (_, after))| super::dues::FieldChange { field: field.into(), before, after })
            .collect()
    }
}

/// A payment as recorded: its id, its values, and what the page says about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordedPayment {
    pub id: i64,
    #[serde(flatten)]
    pub payment: DuesPayment,
    /// That year's dues for the member (fee per unit × units), when the class had a price.
    pub due_yen: Option<i32>,
    /// Corrected at least once (the earlier values are kept).
    pub corrected: bool,
}

impl RecordedPayment {
    /// Less than that year's dues: a partial payment (what is still owed).
    pub fn owed_yen(&self) -> Option<i32> {
        self.due_yen.map(|due| due - self.payment.amount_yen).filter(|owed| *owed > 0)
    }
}

/// A member's own membership (my page).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyMembership {
    pub member_id: MemberId,
    pub status: MemberStatus,
    pub member_number: Option<i32>,
    pub membership_type: MembershipType,
    /// Units (口) of the annual fee.
    pub units: i32,
    pub email: Option<String>,
    pub profile: Profile,
    pub committees: Vec<CommitteeChoice>,
    pub applied_at: DateTime<Utc>,
    pub rejection_reason: String,
    pub current_fiscal_year: i32,
    pub dues_standing: Option<DuesStanding>,
    pub dues: Vec<RecordedPayment>,
    /// Committees this account chairs.
    pub chairs: Vec<CommitteeChoice>,
    /// The privacy notice in force, when the member agreed to another version (or, imported from
    /// paper, to none on-line): "my page" asks them to read it and agree.
    pub privacy_to_agree: Option<PrivacyNotice>,
}

/// The privacy notice as members read and agree to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrivacyNotice {
    pub version: String,
    pub text: Localized,
}

/// A row of the secretariat's member list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberRow {
    pub id: MemberId,
    pub member_number: Option<i32>,
    pub full_name: String,
    pub name_reading: String,
    pub email: Option<String>,
    pub status: MemberStatus,
    pub type_name: Localized,
    pub paid_this_year: bool,
    pub applied_at: DateTime<Utc>,
}

/// Filters of the member list, as they appear in its URL.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MemberFilter {
    /// Name, reading (kana, any script) or email.
    pub q: String,
    pub status: String,
    /// Membership type code.
    pub kind: String,
    /// Committee slug.
    pub committee: String,
    /// "paid" or "unpaid" for `year`.
    pub dues: String,
    pub year: String,
    /// Keyset cursor: the reading key and id of the last row of the previous page.
    pub after: String,
}
