//! The columns of an old member list that are the office's own rather than the person's details:
//! remarks (備考), how mailings reach the member, units (口数), the household, committees and the
//! fiscal years already paid. Each is read as loosely as paper-era lists write it, then checked.

use crate::domain::kana::Reading;
use crate::domain::member::{ContactBy, Household, NAME_MAX};
use crate::domain::membership::CommitteeChoice;
use crate::domain::text;
use crate::error::FieldProblem;
use unicode_normalization::UnicodeNormalization;

/// The longest remark, as on the office's record form.
pub const NOTES_MAX: usize = 2000;
/// More than this many people in one cell is a column mapped to the wrong field.
const HOUSEHOLD_MAX: usize = 10;

/// A cell that lists several things: 、 , ; ／ and line breaks part them (and ・ where a name
/// cannot contain it).
fn items(input: &str, also: &[char]) -> Vec<String> {
    input
        .split(|c: char| matches!(c, '、' | ',' | '，' | ';' | '；' | '/' | '／' | '\n' | '\r') || also.contains(&c))
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(str::to_string)
        .collect()
}

/// Text reduced to what tells names apart: NFKC, lower case, no spaces.
fn key(input: &str) -> String {
    input.nfkc().flat_map(char::to_lowercase).filter(|c| !c.is_whitespace()).collect()
}

/// The remark as the office wrote it, line breaks kept.
pub fn notes(input: &str) -> Result<String, FieldProblem> {
    text::multiline(input, NOTES_MAX)
}

/// 会報は郵送, 郵送希望, 郵送のみ: a remark of someone who wants their mail on paper (and not
/// 郵送不要, 郵送停止 or 郵送しない, which say the opposite).
fn remarks_ask_for_post(notes: &str) -> bool {
    const REFUSALS: [&str; 7] = ["不要", "停止", "しない", "なし", "無し", "不可", "中止"];
    let asks = notes.match_indices("郵送").any(|(at, word)| {
        let after = &notes[at + word.len()..];
        !REFUSALS.iter().any(|refusal| after.trim_start_matches(['は', 'を', 'の']).starts_with(refusal))
    });
    asks || notes.contains("郵便で")
}

/// The contact column: メール, 郵送, 両方 (or the English words); blank is `None`.
pub fn contact_column(input: &str) -> Result<Option<ContactBy>, FieldProblem> {
    let wanted = key(input);
    if wanted.is_empty() {
        return Ok(None);
    }
    let choice = match wanted.as_str() {
        "メール" | "eメール" | "email" | "e-mail" | "電子メール" => ContactBy::Email,
        "郵送" | "郵便" | "post" | "letter" | "paper" | "紙" => ContactBy::Post,
        "両方" | "both" | "メールと郵送" | "郵送とメール" | "メール・郵送" | "郵送・メール" => {
            ContactBy::Both
        }
        _ => return Err(FieldProblem::NotAllowed),
    };
    Ok(Some(choice))
}

/// How mailings reach the member: the contact column when it says; else by post for someone
/// without an email, and also by post (both) for someone whose remarks ask for paper; else email.
/// Email without an address is refused: nothing would reach them.
pub fn contact_by(column: Option<ContactBy>, has_email: bool, notes: &str) -> Result<ContactBy, FieldProblem> {
    match column {
        Some(ContactBy::Email | ContactBy::Both) if !has_email => Err(FieldProblem::NotAllowed),
        Some(choice) => Ok(choice),
        None if !has_email => Ok(ContactBy::Post),
        None if remarks_ask_for_post(notes) => Ok(ContactBy::Both),
        None => Ok(ContactBy::Email),
    }
}

/// The household as lists write it: 「田中 次郎（長男）、田中 三子」. A relationship in brackets is
/// kept; readings and birth dates are for the office to add later.
pub fn household(input: &str) -> Result<Vec<Household>, FieldProblem> {
    let people = items(input, &[]);
    if people.len() > HOUSEHOLD_MAX {
        return Err(FieldProblem::NotAllowed);
    }
    people
        .iter()
        .map(|person| {
            let (name, relationship) = match person.find(['(', '（']) {
                Some(open) => {
                    let inside = &person[open..];
                    let inside = inside.trim_start_matches(['(', '（']).trim_end_matches([')', '）']);
                    (&person[..open], inside)
                }
                None => (person.as_str(), ""),
            };
            Ok(Household {
                full_name: text::required(name, NAME_MAX)?,
                name_reading: Reading::default(),
                relationship: text::optional(relationship, 30)?,
                birth_date: None,
            })
        })
        .collect()
}

/// The committees (on offer) a cell names, by their name in either language, their code, or the
/// short names lists use (国際交流委員会: 国際交流, 国際); slugs, each once.
pub fn committees(input: &str, choices: &[CommitteeChoice]) -> Result<Vec<String>, FieldProblem> {
    let mut slugs: Vec<String> = Vec::new();
    for item in items(input, &['・']) {
        let wanted = key(&item);
        let names = |c: &CommitteeChoice| {
            let ja = key(&c.name.ja);
            let en = key(&c.name.en);
            let short_ja = ja.trim_end_matches("委員会").to_string();
            let shorter_ja = short_ja.trim_end_matches("交流").to_string();
            let short_en = en.trim_end_matches("committee").to_string();
            [key(&c.slug), ja, en, short_ja, shorter_ja, short_en]
        };
        let found = choices.iter().find(|c| names(c).contains(&wanted)).ok_or(FieldProblem::NotAllowed)?;
        if !slugs.contains(&found.slug) {
            slugs.push(found.slug.clone());
        }
    }
    Ok(slugs)
}

/// The eras a fiscal year in the association's records can fall in, with the year before each
/// era's first.
const ERAS: [(&[&str], i32); 2] = [(&["令和", "r"], 2018), (&["平成", "h"], 1988)];

/// One year as lists write it: 2025, 2025年度, 令和7年度, R7, H30.
fn fiscal_year(input: &str) -> Option<i32> {
    let text = key(input);
    let text = text.trim_start_matches("fy").trim_end_matches("年度").trim_end_matches('年');
    let (offset, number) = ERAS
        .iter()
        .find_map(|(names, offset)| names.iter().find_map(|n| text.strip_prefix(n)).map(|rest| (*offset, rest)))
        .unwrap_or((0, text));
    let number = if number == "元" { "1" } else { number };
    let year: i32 = number.parse().ok()?;
    if offset > 0 && !(1..=40).contains(&year) {
        return None;
    }
    Some(year + offset)
}

/// The fiscal years a member has paid, as a list (2024、2025), a range (2023〜2025) or both, each
/// from 2000 to `this_year`; in order, each once.
pub fn paid_years(input: &str, this_year: i32) -> Result<Vec<i32>, FieldProblem> {
    let mut years: Vec<i32> = Vec::new();
    for item in items(input, &['・', ' ', '　']) {
        let normal: String = item.nfkc().collect();
        let (first, last) = match normal.split_once(['~', '〜', '-']) {
            Some((from, to)) => (fiscal_year(from), fiscal_year(to)),
            None => (fiscal_year(&normal), fiscal_year(&normal)),
        };
        let (Some(first), Some(last)) = (first, last) else { return Err(FieldProblem::InvalidFormat) };
        if first < 2000 || last > this_year || first > last {
            return Err(FieldProblem::NotAllowed);
        }
        years.extend(first..=last);
    }
    years.sort_unstable();
    years.dedup();
    Ok(years)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::localized::Localized;

    #[test]
    fn remarks_and_the_contact_column_decide_how_mail_goes() {
        assert_eq!(contact_by(None, false, ""), Ok(ContactBy::Post));
        assert_eq!(contact_by(None, true, "会報は郵送"), Ok(ContactBy::Both));
        assert_eq!(contact_by(None, true, "足が悪い"), Ok(ContactBy::Email));
        assert_eq!(contact_by(None, true, "会報の郵送不要"), Ok(ContactBy::Email), "a refusal of paper");
        assert_eq!(contact_by(None, true, "郵送は停止、メールのみ"), Ok(ContactBy::Email));
        assert_eq!(contact_by(None, true, "郵送しない"), Ok(ContactBy::Email));
        assert_eq!(contact_by(Some(ContactBy::Post), true, ""), Ok(ContactBy::Post));
        assert_eq!(contact_by(Some(ContactBy::Email), false, ""), Err(FieldProblem::NotAllowed));
        assert_eq!(contact_column("ＥメーＬ"), Err(FieldProblem::NotAllowed));
        assert_eq!(contact_column("郵送"), Ok(Some(ContactBy::Post)));
        assert_eq!(contact_column("Both"), Ok(Some(ContactBy::Both)));
        assert_eq!(contact_column(" "), Ok(None));
        assert_eq!(notes("会報は郵送\r\n電話は夜"), Ok("会報は郵送\n電話は夜".to_string()));
    }

    #[test]
    fn a_household_cell_names_people_and_their_relationship() {
        let people = household("田中 次郎（長男）、田中 三子\n髙橋 﨑子(母)").unwrap();
        let named: Vec<(&str, &str)> = people.iter().map(|p| (p.full_name.as_str(), p.relationship.as_str())).collect();
        assert_eq!(named, vec![("田中 次郎", "長男"), ("田中 三子", ""), ("髙橋 﨑子", "母")]);
        assert_eq!(household(""), Ok(Vec::new()));
        assert_eq!(household("（妻）"), Err(FieldProblem::Required));
        assert_eq!(household(&["a"; 11].join("、")), Err(FieldProblem::NotAllowed));
    }

    #[test]
    fn committees_by_any_name_lists_use() {
        let choice = |slug: &str, ja: &str, en: &str| CommitteeChoice {
            slug: slug.into(),
            name: Localized { ja: ja.into(), en: en.into() },
        };
        let choices = [
            choice("domestic", "国内交流委員会", "Domestic Exchange Committee"),
            choice("international", "国際交流委員会", "International Exchange Committee"),
        ];
        assert_eq!(committees("国際・国内交流委員会", &choices), Ok(vec!["international".into(), "domestic".into()]));
        assert_eq!(committees("Domestic Exchange, 国内", &choices), Ok(vec!["domestic".into()]));
        assert_eq!(committees("international", &choices), Ok(vec!["international".into()]));
        assert_eq!(committees("広報", &choices), Err(FieldProblem::NotAllowed));
    }

    #[test]
    fn paid_years_as_lists_ranges_and_eras() {
        assert_eq!(paid_years("2024、2025", 2026), Ok(vec![2024, 2025]));
        assert_eq!(paid_years("令和6年度・R7", 2026), Ok(vec![2024, 2025]));
        assert_eq!(paid_years("2023〜2025 2025", 2026), Ok(vec![2023, 2024, 2025]));
        assert_eq!(paid_years("H30", 2026), Ok(vec![2018]));
        assert_eq!(paid_years("", 2026), Ok(Vec::new()));
        assert_eq!(paid_years("2027", 2026), Err(FieldProblem::NotAllowed), "a year not begun");
        assert_eq!(paid_years("1999", 2026), Err(FieldProblem::NotAllowed));
        assert_eq!(paid_years("済", 2026), Err(FieldProblem::InvalidFormat));
    }
}
