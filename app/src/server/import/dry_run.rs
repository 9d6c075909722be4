//! The dry run: every row checked, duplicates found (against the members and within the file),
//! nothing changed. The commit runs exactly this again inside its transaction, under the import
//! lock, so what it imports is what the admin was shown, unless the members changed in between.

use super::decode::read_table;
use crate::domain::import::fields::{ImportField, Mapping};
use crate::domain::import::row::{check_row, ImportedMember, RowRules};
use crate::domain::import::{DryRun, DuplicateRow, Likeness, PreviewRow, RowError, LIST_LIMIT};
use crate::error::FieldProblem;
use crate::server::db::{association, committees, imports, membership_types};
use chrono::NaiveDate;
use sqlx::{PgConnection, PgPool};
use std::collections::HashMap;

/// The outcome, and the members the import would create (in file order).
pub struct Checked {
    pub report: DryRun,
    pub members: Vec<ImportedMember>,
}

/// What rows are checked against today: the classes and their fees, the committees on offer and
/// the association's calendar.
pub async fn rules(db: &PgPool) -> Result<RowRules, sqlx::Error> {
    let calendar = association::profile::load(db).await?.calendar;
    Ok(RowRules {
        types: membership_types::list(db).await?,
        fees: membership_types::fees(db).await?,
        committees: committees::choices(db).await?,
        today: crate::domain::dates::today_in_japan(),
        this_fiscal_year: calendar.this_year(),
    })
}

pub async fn check(
    db: &mut PgConnection,
    content: &str,
    mapping: &Mapping,
    rules: &RowRules,
) -> Result<Checked, crate::AppError> {
    let mut report = DryRun { unmapped: mapping.missing(), ..DryRun::default() };
    if !report.unmapped.is_empty() {
        return Ok(Checked { report, members: Vec::new() });
    }
    let table = read_table(content).map_err(|_| crate::AppError::BadRequest)?;
    let mut valid: Vec<(u64, ImportedMember)> = Vec::new();
    for (line, cells) in &table.rows {
        match check_row(cells, mapping, rules) {
            Ok(member) => valid.push((*line, member)),
            Err(problems) => {
                for (field, problem) in problems {
                    let value = mapping.column(field).and_then(|c| cells.get(c)).cloned().unwrap_or_default();
                    add_error(&mut report, RowError { line: *line, field, value, problem });
                }
            }
        }
    }
    number_clashes(&mut *db, &mut report, &mut valid).await?;
    let members = without_duplicates(db, &mut report, valid).await?;
    report.creatable = members.len();
    report.preview = members
        .iter()
        .take(LIST_LIMIT)
        .map(|(line, m)| PreviewRow {
            line: *line,
            full_name: m.full_name.clone(),
            name_reading: m.name_reading.clone(),
            email: m.email.clone().unwrap_or_default(),
            contact_by: m.contact_by,
            paid_years: m.paid.iter().map(|(year, _)| *year).collect(),
        })
        .collect();
    Ok(Checked { report, members: members.into_iter().map(|(_, m)| m).collect() })
}

fn add_error(report: &mut DryRun, error: RowError) {
    report.error_count += 1;
    if report.errors.len() < LIST_LIMIT {
        report.errors.push(error);
    }
}

/// A member number given twice in the file, or already given to someone, is an error: numbers
/// are printed on membership cards, so the admin must decide.
async fn number_clashes(
    db: &mut PgConnection,
    report: &mut DryRun,
    valid: &mut Vec<(u64, ImportedMember)>,
) -> Result<(), sqlx::Error> {
    let numbers: Vec<i32> = valid.iter().filter_map(|(_, m)| m.member_number).collect();
    if numbers.is_empty() {
        return Ok(());
    }
    let taken = imports::taken_numbers(db, &numbers).await?;
    let mut seen: HashMap<i32, u64> = HashMap::new();
    valid.retain(|(line, member)| {
        let Some(number) = member.member_number else { return true };
        let clash = taken.contains(&number) || seen.contains_key(&number);
        seen.entry(number).or_insert(*line);
        if clash {
            let value = number.to_string();
            add_error(
                report,
                RowError { line: *line, field: ImportField::MemberNumber, value, problem: FieldProblem::Duplicate },
            );
        }
        !clash
    });
    report.errors.sort_by_key(|e| e.line);
    Ok(())
}

/// Leaves out rows that look like someone known: the same email as a member or account, the
/// same name, reading and birth date as a member, or the same as an earlier row of the file.
async fn without_duplicates(
    db: &mut PgConnection,
    report: &mut DryRun,
    valid: Vec<(u64, ImportedMember)>,
) -> Result<Vec<(u64, ImportedMember)>, sqlx::Error> {
    let emails: Vec<String> = valid.iter().filter_map(|(_, m)| m.email.clone()).collect();
    let known_emails: HashMap<String, Option<i32>> =
        imports::known_emails(&mut *db, &emails).await?.into_iter().collect();
    let names: Vec<String> = valid.iter().map(|(_, m)| m.full_name.clone()).collect();
    let keys: Vec<String> = valid.iter().map(|(_, m)| m.reading_key.clone()).collect();
    let known_people = imports::known_people(db, &names, &keys).await?;
    let mut earlier_emails: HashMap<String, u64> = HashMap::new();
    let mut earlier_people: HashMap<(String, String, Option<NaiveDate>), u64> = HashMap::new();
    let mut kept = Vec::with_capacity(valid.len());
    for (line, member) in valid {
        let person = (member.full_name.clone(), member.reading_key.clone(), member.birth_date);
        let likeness = if let Some(number) = member.email.as_ref().and_then(|e| known_emails.get(e)) {
            Some(Likeness::SameEmail { member_number: *number })
        } else if let Some(known) =
            known_people.iter().find(|(n, k, b, _)| (n, k, b) == (&person.0, &person.1, &person.2))
        {
            Some(Likeness::SamePerson { member_number: known.3 })
        } else if let Some(first) = member.email.as_ref().and_then(|e| earlier_emails.get(e)) {
            Some(Likeness::EarlierLine { line: *first })
        } else {
            earlier_people.get(&person).map(|first| Likeness::EarlierLine { line: *first })
        };
        if let Some(likeness) = likeness {
            report.duplicate_count += 1;
            if report.duplicates.len() < LIST_LIMIT {
                report.duplicates.push(DuplicateRow { line, full_name: member.full_name.clone(), likeness });
            }
            continue;
        }
        if let Some(email) = &member.email {
            earlier_emails.insert(email.clone(), line);
        }
        earlier_people.insert(person, line);
        kept.push((line, member));
    }
    Ok(kept)
}
