use super::*;
use crate::domain::dates::DatePrecision;

#[test]
fn statuses_only_move_forward() {
    use CityStatus::*;
    assert!(InPreparation.may_become(Concluded) && InPreparation.may_become(Ended) && Concluded.may_become(Ended));
    assert!(!Concluded.may_become(InPreparation) && !Ended.may_become(Concluded) && !Ended.may_become(Ended));
    assert!(!Concluded.may_become(Concluded), "no step without a change");
}

#[test]
fn a_new_agreement_is_checked() {
    let form = AgreementForm {
        kind: "disaster_aid".into(),
        status: "concluded".into(),
        counterpart_ja: "女満別町".into(),
        concluded_on: "1995-11".into(),
        ..Default::default()
    };
    let draft = form.validate().unwrap();
    assert_eq!((draft.kind, draft.status), (AgreementKind::DisasterAid, CityStatus::Concluded));
    assert_eq!(draft.concluded_on.unwrap().precision, DatePrecision::Month);
    let undated = AgreementForm { concluded_on: "".into(), ..form.clone() }.validate().unwrap_err();
    assert_eq!(undated.get("concluded_on"), Some(&FieldProblem::Required));
    let wrong = AgreementForm { kind: "twin".into(), status: "ended".into(), ..form }.validate().unwrap_err();
    assert_eq!(wrong.get("agreement_kind"), Some(&FieldProblem::ChooseOne));
    assert_eq!(
        wrong.get("agreement_status"),
        Some(&FieldProblem::ChooseOne),
        "an agreement ends by a change of status"
    );
}

#[test]
fn a_change_of_status_needs_a_day_that_has_come() {
    let (next, on) = parse_status_change("concluded", "2021-07-27").unwrap();
    assert_eq!((next, on.date.to_string()), (CityStatus::Concluded, "2021-07-27".to_string()));
    assert_eq!(parse_status_change("ended", "").unwrap_err().get("move_on"), Some(&FieldProblem::Required));
    assert_eq!(
        parse_status_change("in_preparation", "2021").unwrap_err().get("move_status"),
        Some(&FieldProblem::ChooseOne)
    );
    assert_eq!(parse_status_change("ended", "2999-01-01").unwrap_err().get("move_on"), Some(&FieldProblem::Date));
    assert_eq!(parse_status_change("ended", "2024").unwrap_err().get("move_on"), Some(&FieldProblem::Date), "a day");
    assert!(parse_status_change("concluded", "2024").is_ok(), "a conclusion known to the year");
}
