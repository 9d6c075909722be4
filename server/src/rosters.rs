//! Roster downloads (CSV that opens cleanly in Japanese Excel): UTF-8 with a BOM, CRLF line ends,
//! RFC 4180 quoting by the `csv` crate, formula cells neutralised, headers in the reader's
//! language, a dated file name. Same session and access rules as the server functions; every
//! download is written to the audit log.

use crate::csv_out::neutralise;
use crate::exports::lang_of;
use app::i18n::Lang;
use app::server::db::{audit, events, signups};
use app::server::guard::{decide, organise_event, Access};
use app::server::session;
use app::server::state::AppState;
use app::AppError;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use tower_sessions::Session;

fn refused(error: AppError) -> Response {
    (error.status(), error.to_string()).into_response()
}

/// GET /chair/events/{id}/participants.csv: the event's organisers (its committee's chairs, admins).
pub async fn participants(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Response {
    match participants_csv(&state, &session, lang_of(&headers), id).await {
        Ok((name, body)) => csv_response(&name, body),
        Err(error) => refused(error),
    }
}

async fn participants_csv(
    state: &AppState,
    session: &Session,
    lang: Lang,
    id: i64,
) -> Result<(String, Vec<u8>), AppError> {
    let caller = session::caller(session, &state.pool).await?;
    decide(Access::Organiser, caller.as_ref())?;
    let caller = caller.ok_or(AppError::Unauthorized)?;
    organise_event(&state.pool, &caller, id).await?;
    let event = events::view(&state.pool, id).await?.ok_or(AppError::NotFound)?;
    let day = event.starts_at.with_timezone(&app::domain::dates::tokyo()).date_naive();
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
    header.extend(event.questions.iter().map(|q| q.label.clone()));
    header.push(t.attendance_column.to_string());
    header.push(t.consent_column.to_string());
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(vec![0xEF, 0xBB, 0xBF]);
    let write_err = |e: csv::Error| {
        tracing::error!(error = %e, "could not write a CSV row");
        AppError::Internal
    };
    writer.write_record(header.iter().map(|h| neutralise(h))).map_err(write_err)?;
    let mut rows = 0;
    for p in &list {
        let status = lang.signup_status(p.status, p.waiting_position);
        for person in &p.people {
            let kind = lang.person_kind(person.kind);
            let yes_no = |b: bool| if b { t.yes } else { t.no };
            let mut record = vec![
                status.clone(),
                person.full_name.clone(),
                person.name_reading.clone(),
                kind.to_string(),
                p.phone.clone(),
                yes_no(person.minor).to_string(),
                if person.minor { yes_no(person.guardian_consent).to_string() } else { String::new() },
            ];
            record.extend(event.questions.iter().map(|q| person.answers.get(&q.key).cloned().unwrap_or_default()));
            record.push(lang.attended(person.attended).to_string());
            record.push(p.consent_method.code().to_string());
            writer.write_record(record.iter().map(|cell| neutralise(cell))).map_err(write_err)?;
            rows += 1;
        }
    }
    let body = writer.into_inner().map_err(|_| AppError::Internal)?;
    let mut tx = state.pool.begin().await?;
    audit::record(&mut tx, caller.account_id, "export.participants", "event", id, serde_json::json!({ "rows": rows }))
        .await?;
    tx.commit().await?;
    let today = chrono::Utc::now().with_timezone(&app::domain::dates::tokyo()).format("%Y%m%d");
    Ok((format!("participants-{id}-{today}.csv"), body))
}

pub fn csv_response(name: &str, body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        body,
    )
        .into_response()
}
