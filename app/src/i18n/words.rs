//! The words for the application's own values: states, kinds and methods in the reader's language,
//! and the few formatting words (yen amounts, English plurals) the tables use. Every page, mail
//! and download that shows one of these values asks here, so each has one wording.

use super::Lang;
use crate::domain::city::{CityKind, CityStatus};
use crate::domain::committee::CommitteePost;
use crate::domain::dues::PaymentMethod;
use crate::domain::event::{EventStatus, EventView};
use crate::domain::import::fields::ImportField;
use crate::domain::import::ImportStatus;
use crate::domain::member::MemberStatus;
use crate::domain::signup::{ConsentMethod, MySignup, PersonKind, SignupStatus};

impl Lang {
    pub fn event_status(self, status: EventStatus) -> &'static str {
        let t = self.t();
        match status {
            EventStatus::Draft => t.event_status_draft,
            EventStatus::Published => t.event_status_published,
            EventStatus::Closed => t.event_status_closed,
            EventStatus::Held => t.event_status_held,
            EventStatus::Cancelled => t.event_status_cancelled,
        }
    }

    /// Where an announcement or newsletter is in its life.
    pub fn newsletter_status(self, status: crate::domain::newsletter::Status) -> &'static str {
        use crate::domain::newsletter::Status;
        let t = self.t();
        match status {
            Status::Draft => t.newsletter_status_draft,
            Status::Sending => t.newsletter_status_sending,
            Status::Paused => t.newsletter_status_paused,
            Status::Sent => t.newsletter_status_sent,
        }
    }

    /// A sign-up's state; `waiting_position` is its place on the waiting list (1 for the first).
    pub fn signup_status(self, status: SignupStatus, waiting_position: Option<i64>) -> String {
        let t = self.t();
        match status {
            SignupStatus::Confirmed => t.signup_status_confirmed.to_string(),
            SignupStatus::Waiting => (t.signup_status_waiting)(waiting_position.unwrap_or_default()),
            SignupStatus::Cancelled => t.signup_status_cancelled.to_string(),
        }
    }

    /// One of the reader's own sign-ups: a cancelled event says so, whatever the sign-up's state.
    pub fn my_signup_status(self, signup: &MySignup) -> String {
        if signup.event_status == EventStatus::Cancelled {
            return self.t().event_cancelled.to_string();
        }
        self.signup_status(signup.status, signup.waiting_position)
    }

    /// "残り12席" / "満席（キャンセル待ち3件）", or that the event is cancelled.
    pub fn places(self, event: &EventView) -> String {
        let t = self.t();
        match event.status {
            EventStatus::Cancelled => t.event_cancelled.to_string(),
            _ if event.places_left > 0 => (t.places_left)(event.places_left),
            _ => (t.places_full)(event.waiting),
        }
    }

    /// How a guardian's consent was given.
    pub fn consent(self, method: ConsentMethod) -> &'static str {
        let t = self.t();
        match method {
            ConsentMethod::Online => t.consent_online,
            ConsentMethod::Paper => t.consent_paper,
            ConsentMethod::Phone => t.consent_phone,
            ConsentMethod::InPerson => t.consent_in_person,
        }
    }

    /// Who a person on a sign-up is: the holder, their household, a guest.
    pub fn person_kind(self, kind: PersonKind) -> &'static str {
        let t = self.t();
        match kind {
            PersonKind::Holder => t.csv_kind_holder,
            PersonKind::Household => t.csv_kind_household,
            PersonKind::Guest => t.csv_kind_guest,
        }
    }

    pub fn staff_role(self, role: crate::domain::staff::StaffRole) -> &'static str {
        use crate::domain::staff::StaffRole;
        let t = self.t();
        match role {
            StaffRole::Admin => t.account_role_admin,
            StaffRole::Treasurer => t.staff_role_treasurer,
            StaffRole::Clerk => t.staff_role_clerk,
            StaffRole::Auditor => t.staff_role_auditor,
            StaffRole::Exports => t.staff_role_exports,
        }
    }

    pub fn contact_by(self, choice: crate::domain::member::ContactBy) -> &'static str {
        use crate::domain::member::ContactBy;
        let t = self.t();
        match choice {
            ContactBy::Email => t.contact_by_email,
            ContactBy::Post => t.contact_by_post,
            ContactBy::Both => t.contact_by_both,
        }
    }

    pub fn membership_change(self, change: crate::domain::member::MembershipChange) -> &'static str {
        use crate::domain::member::MembershipChange as C;
        let t = self.t();
        match change {
            C::Applied => t.history_applied,
            C::Approved => t.history_approved,
            C::Rejected => t.history_rejected,
            C::Withdrawn => t.history_withdrawn,
            C::Deceased => t.history_deceased,
            C::Lapsed => t.history_lapsed,
            C::Reinstated => t.history_reinstated,
            C::TypeChanged => t.history_type_changed,
        }
    }

    pub fn member_status(self, status: MemberStatus) -> &'static str {
        let t = self.t();
        match status {
            MemberStatus::Pending => t.status_pending,
            MemberStatus::Active => t.status_active,
            MemberStatus::Rejected => t.status_rejected,
            MemberStatus::Withdrawn => t.status_withdrawn,
            MemberStatus::Deceased => t.status_deceased,
            MemberStatus::Lapsed => t.status_lapsed,
        }
    }

    pub fn payment_method(self, method: PaymentMethod) -> &'static str {
        let t = self.t();
        match method {
            PaymentMethod::Cash => t.method_cash,
            PaymentMethod::BankTransfer => t.method_bank_transfer,
            PaymentMethod::PostalTransfer => t.method_postal_transfer,
            PaymentMethod::Other => t.method_other,
        }
    }

    pub fn import_status(self, status: ImportStatus) -> &'static str {
        let t = self.t();
        match status {
            ImportStatus::Uploaded => t.import_status_uploaded,
            ImportStatus::Importing => t.import_status_importing,
            ImportStatus::Imported => t.import_status_imported,
            ImportStatus::Undone => t.import_status_undone,
            ImportStatus::Discarded => t.import_status_discarded,
        }
    }

    pub fn committee_post(self, post: CommitteePost) -> &'static str {
        let t = self.t();
        match post {
            CommitteePost::Member => t.committee_post_member,
            CommitteePost::ViceChair => t.committee_post_vice_chair,
            CommitteePost::Chair => t.committee_post_chair,
        }
    }

    /// The name of a field of the member list's import.
    pub fn import_field(self, field: ImportField) -> &'static str {
        let t = self.t();
        match field {
            ImportField::MemberNumber => t.import_field_member_number,
            ImportField::FullName => t.import_field_full_name,
            ImportField::NameReading => t.import_field_name_reading,
            ImportField::NameRomaji => t.import_field_name_romaji,
            ImportField::OrganisationName => t.import_field_organisation_name,
            ImportField::Email => t.import_field_email,
            ImportField::Phone => t.import_field_phone,
            ImportField::PostalCode => t.import_field_postal_code,
            ImportField::Prefecture => t.import_field_prefecture,
            ImportField::City => t.import_field_city,
            ImportField::Street => t.import_field_street,
            ImportField::BirthDate => t.import_field_birth_date,
            ImportField::MembershipType => t.import_field_membership_type,
            ImportField::JoinedOn => t.import_field_joined_on,
            ImportField::Units => t.import_field_units,
            ImportField::ContactBy => t.import_field_contact_by,
            ImportField::Notes => t.import_field_notes,
            ImportField::Household => t.import_field_household,
            ImportField::Committees => t.import_field_committees,
            ImportField::PaidYears => t.import_field_paid_years,
        }
    }

    pub fn city_kind(self, kind: CityKind) -> &'static str {
        let t = self.t();
        match kind {
            CityKind::Sister => t.city_kind_sister,
            CityKind::Friendship => t.city_kind_friendship,
        }
    }

    pub fn agreement_kind(self, kind: crate::domain::city_agreement::AgreementKind) -> &'static str {
        use crate::domain::city_agreement::AgreementKind;
        let t = self.t();
        match kind {
            AgreementKind::Sister => t.agreement_kind_sister,
            AgreementKind::Friendship => t.agreement_kind_friendship,
            AgreementKind::DisasterAid => t.agreement_kind_disaster_aid,
            AgreementKind::Other => t.agreement_kind_other,
        }
    }

    /// An agreement's status (a tie's is `city_status`).
    pub fn agreement_status(self, status: CityStatus) -> &'static str {
        let t = self.t();
        match status {
            CityStatus::InPreparation => t.agreement_in_preparation,
            CityStatus::Concluded => t.agreement_concluded,
            CityStatus::Ended => t.agreement_ended,
        }
    }

    pub fn city_status(self, status: CityStatus) -> &'static str {
        let t = self.t();
        match status {
            CityStatus::InPreparation => t.city_status_in_preparation,
            CityStatus::Concluded => t.city_status_concluded,
            CityStatus::Ended => t.city_status_ended,
        }
    }

    /// Whether a person came (blank until attendance is taken).
    pub fn attended(self, attended: Option<bool>) -> &'static str {
        match attended {
            Some(true) => self.t().attended_yes,
            Some(false) => self.t().attended_no,
            None => "",
        }
    }

    pub fn yes_no(self, yes: bool) -> &'static str {
        if yes {
            self.t().yes
        } else {
            self.t().no
        }
    }
}

impl Lang {
    /// An amount as each language writes it: `2,000円`, `¥2,000`.
    pub fn yen(self, amount: impl Into<i64>) -> String {
        match self {
            Lang::Ja => yen_ja(amount),
            Lang::En => yen(amount),
        }
    }
}

/// "2,000円": how Japanese writes an amount.
pub fn yen_ja(amount: impl Into<i64>) -> String {
    let amount: i64 = amount.into();
    format!("{}{}円", if amount < 0 { "-" } else { "" }, thousands(amount.unsigned_abs()))
}

/// "¥3,000" style (English pages, and tables read in both languages).
pub fn yen(amount: impl Into<i64>) -> String {
    let amount: i64 = amount.into();
    format!("{}¥{}", if amount < 0 { "-" } else { "" }, thousands(amount.unsigned_abs()))
}

/// 1234567 → "1,234,567".
pub(super) fn thousands(amount: u64) -> String {
    let digits = amount.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    grouped
}

/// English singular or plural by count: `plural(n, "place", "places")`.
pub(super) fn plural<N: PartialEq + From<u8>>(n: N, one: &'static str, other: &'static str) -> &'static str {
    if n == N::from(1) {
        one
    } else {
        other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yen_groups_thousands() {
        assert_eq!(yen(0), "¥0");
        assert_eq!(yen(3000), "¥3,000");
        assert_eq!(yen(1234567), "¥1,234,567");
        assert_eq!(yen(500), "¥500");
        assert_eq!(yen(-1500), "-¥1,500");
        assert_eq!(Lang::Ja.yen(2000), "2,000円");
        assert_eq!(Lang::En.yen(2000), "¥2,000");
    }

    #[test]
    fn english_counts_agree_with_their_nouns() {
        let en = Lang::En.t();
        assert_eq!((en.places_left)(1), "1 place left");
        assert_eq!((en.places_left)(2), "2 places left");
        assert_eq!((en.event_capacity)(1), "1 place");
        assert_eq!((en.event_capacity)(30), "30 places");
        assert_eq!((en.field_below_taken)(1), "1 person is already confirmed; the capacity cannot be lower than that.");
        assert_eq!(
            (en.field_below_taken)(3),
            "3 people are already confirmed; the capacity cannot be lower than that."
        );
        assert_eq!(
            (en.dashboard_dues)(1, 2, 3000, 6000, 50),
            "1 of 2 members has paid: ¥3,000 of ¥6,000 received (50%)."
        );
        assert_eq!(
            (en.dashboard_dues)(2, 3, 6000, 9000, 66),
            "2 of 3 members have paid: ¥6,000 of ¥9,000 received (66%)."
        );
        let ja = Lang::Ja.t();
        assert_eq!((ja.places_left)(1), "残り1席");
        assert_eq!((ja.dashboard_dues)(1, 2, 3000, 6000, 50), "2人中1人が納入済み。6,000円中3,000円を受領（50%）。");
    }

    #[test]
    fn waiting_sign_ups_say_their_place() {
        assert_eq!(Lang::En.signup_status(SignupStatus::Waiting, Some(2)), "Waiting list (no. 2)");
        assert_eq!(Lang::Ja.signup_status(SignupStatus::Waiting, Some(2)), "キャンセル待ち（2番目）");
    }
}
