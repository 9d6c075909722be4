use super::*;

fn filled() -> AssociationForm {
    AssociationForm {
        name_ja: " 稲城市姉妹友好都市交流協会 ".into(),
        name_en: "Inagi City Sister and Friendship Cities Exchange Association".into(),
        signature_ja: "事務局".into(),
        signature_en: "Secretariat".into(),
        privacy_notice_ja: "個人情報は会員管理にだけ使います。".into(),
        privacy_notice_en: "We use your data only for the membership.".into(),
        privacy_version: "2027-04-01".into(),
        fiscal_year_start_month: "9".into(),
        dues_grace_month: "10".into(),
        dues_grace_day: "31".into(),
        lapse_after_unpaid_years: "1".into(),
        ..Default::default()
    }
}

#[test]
fn the_settings_are_read_as_typed_values() {
    let profile = filled().validate().unwrap();
    assert_eq!(profile.name.ja, "稲城市姉妹友好都市交流協会", "trimmed");
    assert_eq!(profile.calendar, DuesCalendar { start_month: 9, grace: GraceDate { month: 10, day: 31 } });
    assert_eq!(profile.form().validate(), Ok(profile.clone()), "the form round-trips");
}

#[test]
fn every_wrong_setting_is_named() {
    let wrong = AssociationForm {
        name_ja: " ".into(),
        fiscal_year_start_month: "13".into(),
        dues_grace_month: "2".into(),
        dues_grace_day: "29".into(),
        lapse_after_unpaid_years: "0".into(),
        ..filled()
    };
    let errors = wrong.validate().unwrap_err();
    assert_eq!(errors.get("name_ja"), Some(&FieldProblem::Required));
    assert_eq!(errors.get("fiscal_year_start_month"), Some(&FieldProblem::NotAllowed));
    assert_eq!(errors.get("dues_grace_day"), Some(&FieldProblem::Date), "February 29 is missing most years");
    assert_eq!(errors.get("lapse_after_unpaid_years"), Some(&FieldProblem::NotAllowed));
}

#[test]
fn the_audit_names_what_changed() {
    let before = filled().validate().unwrap();
    let after = AssociationForm { name_ja: "稲城国際交流協会".into(), dues_grace_day: "30".into(), ..filled() }
        .validate()
        .unwrap();
    assert_eq!(before.changed_fields(&after), ["name_ja", "dues_grace"]);
}
