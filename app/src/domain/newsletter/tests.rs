use super::*;

fn form(audience: &str, subject_ja: &str, body_ja: &str, subject_en: &str, body_en: &str) -> NewsletterForm {
    NewsletterForm {
        audience: audience.into(),
        subject_ja: subject_ja.into(),
        body_ja: body_ja.into(),
        subject_en: subject_en.into(),
        body_en: body_en.into(),
        archive: "public".into(),
    }
}

fn problems(form: &NewsletterForm) -> Vec<(String, FieldProblem)> {
    form.check().unwrap_err().0.into_iter().map(|e| (e.field, e.problem)).collect()
}

#[test]
fn audiences_round_trip_through_the_form_value() {
    for audience in [
        Audience::Members,
        Audience::Class(3),
        Audience::Committee(CommitteeId(2)),
        Audience::EventConfirmed(EventId(12)),
        Audience::EventWaiting(EventId(12)),
        Audience::Unpaid(2026),
        Audience::Contacts(1),
    ] {
        assert_eq!(Audience::parse(&audience.value()), Some(audience));
        let (kind, reference) = audience.parts();
        assert_eq!(Audience::from_parts(kind, reference), Some(audience));
    }
    assert_eq!(Audience::parse("class"), None, "a class needs its id");
    assert_eq!(Audience::parse("members:1"), None);
    assert_eq!(Audience::parse("everyone"), None);
    assert_eq!(Audience::parse("unpaid:40000"), None, "a fiscal year, not any number");
    assert!(Audience::EventWaiting(EventId(1)).is_service() && !Audience::Committee(CommitteeId(1)).is_service());
}

#[test]
fn one_language_is_enough_but_each_needs_subject_and_text() {
    let ja_only = form("members", " 会報 12月号 ", "本文\r\n二行目", "", "").check().unwrap();
    assert_eq!(ja_only.letter.subject_ja, "会報 12月号");
    assert_eq!(ja_only.letter.body_ja, "本文\n二行目");
    assert!(ja_only.letter.has(Lang::Ja) && !ja_only.letter.has(Lang::En));
    assert_eq!(problems(&form("members", "", "", "", "")), [("subject_ja".to_string(), FieldProblem::Required)]);
    assert_eq!(
        problems(&form("", "件名", "", "", "text")),
        [
            ("audience".to_string(), FieldProblem::Required),
            ("body_ja".to_string(), FieldProblem::Required),
            ("subject_en".to_string(), FieldProblem::Required)
        ]
    );
    let long = "あ".repeat(SUBJECT_MAX + 1);
    assert_eq!(
        problems(&form("class:x", &long, "本文", "", "")),
        [
            ("audience".to_string(), FieldProblem::InvalidFormat),
            ("subject_ja".to_string(), FieldProblem::TooLong { max: SUBJECT_MAX })
        ]
    );
    let mut bad_archive = form("members", "件名", "本文", "", "");
    bad_archive.archive = "world".into();
    assert_eq!(problems(&bad_archive), [("archive".to_string(), FieldProblem::InvalidFormat)]);
}

#[test]
fn a_reader_gets_their_language_or_the_other_one() {
    let letter = Letter { subject_ja: "件名".into(), body_ja: "本文".into(), ..Letter::default() };
    assert_eq!(letter.in_lang(Lang::Ja), (Lang::Ja, "件名", "本文"));
    assert_eq!(letter.in_lang(Lang::En), (Lang::Ja, "件名", "本文"), "English readers get the Japanese");
    let both = Letter { subject_en: "Subject".into(), body_en: "Text".into(), ..letter };
    assert_eq!(both.in_lang(Lang::En), (Lang::En, "Subject", "Text"));
}
