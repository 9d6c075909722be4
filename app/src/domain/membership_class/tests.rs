use super::*;

#[test]
fn units_as_people_type_them() {
    assert_eq!(parse_units(""), Ok(1), "one unit unless said");
    assert_eq!(parse_units("２口"), Ok(2));
    assert_eq!(parse_units("0"), Err(FieldProblem::NotAllowed));
    assert_eq!(parse_units("100"), Err(FieldProblem::NotAllowed));
    assert_eq!(parse_units("two"), Err(FieldProblem::NotAllowed));
}

#[test]
fn a_class_form_names_every_problem() {
    let form = ClassForm {
        name_ja: "賛助会員（個人）".into(),
        name_en: "Supporting member (individual)".into(),
        category: "supporting".into(),
        holder: "individual".into(),
        votes: None,
        offered: Some("yes".into()),
    };
    let draft = form.validate().unwrap();
    assert_eq!(
        (draft.category, draft.holder, draft.votes, draft.offered),
        (MemberCategory::Supporting, Holder::Individual, false, true)
    );
    let errors = ClassForm { name_ja: " ".into(), category: "honorary".into(), holder: "".into(), ..form }
        .validate()
        .unwrap_err();
    assert_eq!(errors.get("name_ja"), Some(&FieldProblem::Required));
    assert_eq!(errors.get("category"), Some(&FieldProblem::ChooseOne));
    assert_eq!(errors.get("holder"), Some(&FieldProblem::ChooseOne));
}

#[test]
fn a_new_fee_applies_from_this_year_or_later() {
    assert_eq!(parse_new_fee("5,000円", "2027", 2026), Ok((5000, 2027)));
    let past = parse_new_fee("5000", "2025", 2026).unwrap_err();
    assert_eq!(past.get("from_year"), Some(&FieldProblem::NotAllowed), "an earlier year keeps its price");
    assert!(parse_new_fee("", "2026", 2026).unwrap_err().get("fee_per_unit_yen").is_some());
}

#[test]
fn codes_for_new_classes_are_unique_letters() {
    assert_eq!(code_for("Student member", &[]), "student_member");
    assert_eq!(code_for("Student member", &["student_member".into()]), "student_member_b");
    assert_eq!(code_for("名誉会員", &[]), "class");
    assert_eq!(Holder::of_flags(true, false), Holder::Household);
    assert_eq!(Holder::Organisation.flags(), (false, true));
}
