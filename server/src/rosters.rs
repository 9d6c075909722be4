//! The participants' CSV of one event (opens cleanly in Japanese Excel): written by `csv_out`
//! (UTF-8 with a BOM, CRLF line ends, RFC 4180 quoting, formula cells neutralised), headers in
//! the reader's language, a dated file name. Same session and access rules as the server functions; every
//! download is written to the audit log.

use crate::auth::{Allowed, Organiser};
use crate::csv_out::{attachment, Cell, CsvOut, Encoding};
use crate::exports::lang_of;
use app::server::db::{audit, events, signups};
use app::server::guard::organise_event;
use app::server::state::AppState;
use app::AppError;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;

/// GET /chair/events/{id}/participants.csv: the event's organisers (its committee's chairs, admins).
pub async fn participants(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<app::domain::ids::EventId>,
    Allowed { caller, .. }: Allowed<Organiser>,
) -> Result<Response, AppError> {
    let lang = lang_of(&headers);
    organise_event(&state.pool, &caller, id).await?;
    let event = events::view(&state.pool, id).await?.ok_or(AppError::NotFound)?;
    let day = app::domain::dates::japan_day(event.starts_at);
    let list = signups::participants(&state.pool, id, day).await?;
    let t = lang.t();
    let mut header = vec![
        t.status_column.to_string(),
        t.profile_full_name.to_string(),
        t.profile_name_reading.to_string(),
        t.csv_person_kind.to_string(),
        t.profile_phone.to_string(),
        t.minor_column.to_string(),
        t.csv_guardian_consent.to_string(),
    ];
    header.extend(event.questions.iter().map(|q| q.label.get(lang)));
    header.push(t.attendance_column.to_string());
    header.push(t.consent_column.to_string());
    let encoding = Encoding::Utf8;
    let mut out = CsvOut::new(encoding);
    out.row(&header.iter().map(Cell::text).collect::<Vec<_>>());
    let mut rows = 0;
    for p in &list {
        let status = lang.signup_status(p.status, p.waiting_position);
        for person in &p.people {
            let mut record = vec![
                Cell::text(&status),
                Cell::text(&person.full_name),
                Cell::text(&person.name_reading),
                Cell::text(lang.person_kind(person.kind)),
                Cell::text(&p.phone),
                Cell::text(lang.yes_no(person.minor)),
                Cell::text(if person.minor { lang.yes_no(person.guardian_consent) } else { "" }),
            ];
            record.extend(event.questions.iter().map(|q| {
                let answer = person.answers.get(&q.key).map_or("", String::as_str);
                // A choice in the reader's language; free text as typed.
                Cell::text(q.choice(answer).map_or_else(|| answer.to_string(), |c| c.get(lang)))
            }));
            record.push(Cell::text(lang.attended(person.attended)));
            record.push(Cell::text(lang.consent(p.consent_method)));
            out.row(&record);
            rows += 1;
        }
    }
    let body = out.into_file();
    let mut tx = state.pool.begin().await?;
    audit::record(&mut tx, caller.account_id, "export.participants", "event", id, serde_json::json!({ "rows": rows }))
        .await?;
    tx.commit().await?;
    let today = app::domain::dates::today_in_japan().format("%Y%m%d");
    Ok(attachment(&format!("participants-{id}-{today}.csv"), &encoding.content_type(), body))
}
