//! The label of a form field by its key in error messages (`full_name`, `people.1.birth_date`),
//! for the error summary at the top of a refused form: "お名前: 入力してください" says what to
//! fix before the reader scrolls to it. The keys are those the forms and the server's checks use;
//! a field of a repeated row names its row ("同行者 2 — お名前").

use super::Lang;

impl Lang {
    /// The field's label, or `None` for a key no form shows by a label (`form`, import mappings).
    pub fn field_label(self, field: &str) -> Option<String> {
        let t = self.t();
        let parts: Vec<&str> = field.split('.').collect();
        match parts.as_slice() {
            ["people", n, "answers", _] => Some(format!("{} — {}", (t.participant_number)(row(n)?), t.event_questions)),
            ["people", n, "guardian_consent"] => {
                Some(format!("{} — {}", (t.participant_number)(row(n)?), t.minor_column))
            }
            ["people", n, "household"] => Some((t.participant_number)(row(n)?)),
            ["people", n, name] => Some(format!("{} — {}", (t.participant_number)(row(n)?), self.plain_label(name)?)),
            ["household", n, "relationship"] => {
                Some(format!("{} — {}", (t.household_person)(row(n)?), t.household_relationship))
            }
            ["household", n, name] => Some(format!("{} — {}", (t.household_person)(row(n)?), self.plain_label(name)?)),
            ["line", _, "member_number"] => Some(t.statement_member_number.to_string()),
            ["line", _, "years"] => Some(t.statement_years.to_string()),
            [name] => self.plain_label(name).map(str::to_string),
            _ => None,
        }
    }

    fn plain_label(self, name: &str) -> Option<&'static str> {
        let t = self.t();
        Some(match name {
            "full_name" => t.profile_full_name,
            "name_reading" => t.profile_name_reading,
            "name_romaji" => t.profile_name_romaji,
            "organisation_name" => t.profile_organisation_name,
            "birth_date" => t.profile_birth_date,
            "phone" => t.profile_phone,
            "postal_code" => t.profile_postal_code,
            "prefecture" => t.profile_prefecture,
            "city" => t.profile_city,
            "street" => t.profile_street,
            "languages" => t.profile_languages,
            "committees" => t.profile_committees,
            "membership_type" => t.join_type_heading,
            "privacy_consent" => t.privacy_consent,
            "email" => t.login_email,
            "password" => t.login_password,
            "current_password" => t.password_current,
            "new_password" => t.password_new,
            "new_email" => t.email_new,
            "member_number" => t.member_number,
            "consent_method" => t.consent_column,
            "title_ja" => t.event_title_ja,
            "title_en" => t.event_title_en,
            "committee" => t.event_committee,
            "partner_city" => t.event_city,
            "starts_at" => t.event_starts,
            "ends_at" => t.event_ends,
            "venue" => t.event_venue,
            "capacity" => t.event_places,
            "fee_yen" => t.event_fee,
            "min_age" => t.event_min_age_label,
            "signup_opens_at" => t.event_signup_opens,
            "signup_closes_at" => t.event_signup_closes,
            "questions" => t.event_questions,
            // Several forms ask why (an event cancelled, a membership ended, a payment corrected): each
            // says more beside the field; the summary names it plainly.
            "reason" => t.reason_label,
            "amount_yen" => t.dues_amount,
            "fiscal_year" => t.dues_fiscal_year,
            "paid_on" => t.dues_paid_on,
            "method" => t.dues_method,
            "note" => t.dues_note,
            "fee_per_unit_yen" => t.types_fee,
            "concluded_on" => t.agreement_concluded_label,
            "counterpart_ja" => t.agreement_counterpart_ja,
            "counterpart_en" => t.agreement_counterpart_en,
            "note_ja" => t.agreement_note_ja,
            "note_en" => t.agreement_note_en,
            "move_on" => t.agreement_move_on,
            "move_status" => t.agreement_move_label,
            "agreement" => t.agreement_which,
            "agreement_kind" => t.agreement_kind_label,
            "agreement_status" => t.city_status_label,
            "from_year" => t.types_from_year,
            "category" => t.types_category,
            "holder" => t.types_holder,
            "units" => t.units_label,
            "name_ja" => t.types_name_ja,
            "name_en" => t.types_name_en,
            "kind" => t.city_kind_label,
            "status" => t.city_status_label,
            "slug" => t.city_slug,
            "agreed_on" => t.city_agreed_label,
            "official_url" => t.city_official_site,
            "office_ja" => t.settings_office_ja,
            "office_en" => t.settings_office_en,
            "hours_ja" => t.settings_hours_ja,
            "hours_en" => t.settings_hours_en,
            "representative_ja" => t.settings_representative_ja,
            "representative_en" => t.settings_representative_en,
            "signature_ja" => t.settings_signature_ja,
            "signature_en" => t.settings_signature_en,
            "privacy_notice_ja" => t.settings_privacy_ja,
            "privacy_notice_en" => t.settings_privacy_en,
            "privacy_version" => t.settings_privacy_version,
            "fiscal_year_start_month" => t.settings_fiscal_start,
            "dues_grace_day" => t.settings_grace_day,
            "lapse_after_unpaid_years" => t.settings_lapse_years,
            "payment_account_ja" => t.settings_payment_account_ja,
            "payment_account_en" => t.settings_payment_account_en,
            "donor_name" => t.donation_donor_name,
            "donor_postal_code" => t.profile_postal_code,
            "donor_address" => t.donation_donor_address,
            "received_on" => t.donation_received_on,
            "purpose" => t.donation_purpose,
            "reminder_days" => t.event_reminder_days,
            _ => return None,
        })
    }
}

/// The row number people read (1 for the first) of a row index in a field key.
fn row(index: &str) -> Option<usize> {
    index.parse::<usize>().ok().map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_named_with_their_row() {
        assert_eq!(Lang::Ja.field_label("full_name").as_deref(), Some("氏名"));
        assert_eq!(Lang::En.field_label("people.1.birth_date").as_deref(), Some("Participant 2 — Date of birth"));
        assert!(Lang::Ja.field_label("household.0.full_name").unwrap().starts_with("ご家族 1"));
        assert_eq!(Lang::Ja.field_label("form"), None);
        assert_eq!(Lang::Ja.field_label("mapping.email"), None);
    }
}
