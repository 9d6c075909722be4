//! Roster downloads for the secretariat (and chairs, for their own committee): GET routes under
//! `/admin/exports/`, bookmarkable, with the same session and access rules as the server
//! functions. The rows are streamed from PostgreSQL straight into the response, so memory stays
//! flat however long the roster is. With `encoding=cp932` every value is checked first; a
//! character CP932 cannot hold gets a plain list of where it is, instead of a broken file.

use crate::csv_out::{not_in_cp932, Cell, CsvOut, Encoding};
use app::domain::address::{format_postal_code, prefecture_name};
use app::domain::dues::{fiscal_year_of, PaymentMethod};
use app::domain::member::MemberStatus;
use app::i18n::Lang;
use app::server::db::member_list::ListQuery;
use app::server::db::{audit, committees, rosters};
use app::server::guard::{decide, may_organise, Access};
use app::server::session::{self, Caller};
use app::server::state::AppState;
use app::AppError;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use futures::TryStreamExt;
use sqlx::{PgPool, Postgres, QueryBuilder};
use std::borrow::Cow;
use std::collections::HashMap;
use tower_sessions::Session;

type Params = Query<HashMap<String, String>>;

pub fn lang_of(headers: &HeaderMap) -> Lang {
    let get = |name| headers.get(name).and_then(|v: &axum::http::HeaderValue| v.to_str().ok());
    Lang::for_request(get(header::COOKIE), get(header::ACCEPT_LANGUAGE))
}

pub(crate) async fn caller(state: &AppState, session: &Session, access: Access) -> Result<Caller, AppError> {
    let caller = session::caller(session, &state.pool).await?;
    decide(access, caller.as_ref())?;
    caller.ok_or(AppError::Unauthorized)
}

fn refused(error: AppError) -> Response {
    (error.status(), error.to_string()).into_response()
}

fn today() -> String {
    chrono::Utc::now().with_timezone(&app::domain::dates::tokyo()).format("%Y%m%d").to_string()
}

/// What one download is: for the audit log, the file name and the header row.
pub struct Roster {
    pub kind: &'static str,
    pub filters: serde_json::Value,
    pub file: String,
    pub header: Vec<String>,
}

/// Streams `sql`'s rows as CSV (after the CP932 check when asked for), and writes the download
/// to the audit log when the last row has gone out.
async fn stream<T, F>(
    pool: PgPool,
    actor: i64,
    roster: Roster,
    encoding: Encoding,
    lang: Lang,
    make_sql: impl Fn() -> QueryBuilder<'static, Postgres> + Send + Sync + 'static,
    cells: F,
) -> Response
where
    T: for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow> + Send + Unpin + 'static,
    F: for<'r> Fn(&'r T) -> Vec<Cell<'r>> + Send + Sync + 'static,
{
    if encoding == Encoding::Cp932 {
        match cp932_problems(&pool, &roster, &make_sql, &cells).await {
            Ok(problems) if problems.is_empty() => {}
            Ok(problems) => return problems_page(lang, &roster, &problems),
            Err(error) => return refused(error.into()),
        }
    }
    let (sender, receiver) = tokio::sync::mpsc::channel::<Result<Vec<u8>, std::io::Error>>(8);
    let content_type = format!("text/csv; charset={}", encoding.charset());
    let disposition = format!("attachment; filename=\"{}\"", roster.file);
    tokio::spawn(async move {
        let mut out = CsvOut::new(encoding);
        let header: Vec<Cell> = roster.header.iter().map(|h| text(h.as_str())).collect();
        out.row(&header);
        let mut first = encoding.preamble().to_vec();
        first.extend(out.take());
        let mut chunk = first;
        let mut sql = make_sql();
        // The statement lasts as long as the download; a slow client must not hit the 15 s limit.
        let mut tx = match long_statement(&pool).await {
            Ok(tx) => tx,
            Err(error) => {
                tracing::error!(%error, roster = roster.kind, "roster export could not start");
                let _ = sender.send(Err(std::io::Error::other("export failed"))).await;
                return;
            }
        };
        let mut rows = sql.build_query_as::<T>().fetch(&mut *tx);
        let mut count: i64 = 0;
        let mut complete = true;
        loop {
            match rows.try_next().await {
                Ok(Some(row)) => {
                    out.row(&cells(&row));
                    count += 1;
                    if out.len() >= 64 * 1024 {
                        chunk.extend(out.take());
                        if sender.send(Ok(std::mem::take(&mut chunk))).await.is_err() {
                            complete = false;
                            break;
                        }
                    }
                }
                Ok(None) => break,
                Err(error) => {
                    tracing::error!(%error, roster = roster.kind, "roster export failed part-way");
                    let _ = sender.send(Err(std::io::Error::other("export failed"))).await;
                    complete = false;
                    break;
                }
            }
        }
        drop(rows);
        drop(tx);
        chunk.extend(out.take());
        if complete && !chunk.is_empty() && sender.send(Ok(chunk)).await.is_err() {
            complete = false;
        }
        let details = serde_json::json!({
            "roster": roster.kind, "filters": roster.filters, "rows": count,
            "encoding": encoding.charset(), "complete": complete,
        });
        let logged = async {
            let mut tx = pool.begin().await?;
            audit::record(&mut tx, actor, "export.roster", roster.kind, 0, details).await?;
            tx.commit().await
        };
        if let Err(error) = logged.await {
            tracing::error!(%error, "could not write the export to the audit log");
        }
    });
    let body = futures::stream::unfold(receiver, |mut receiver| async move {
        receiver.recv().await.map(|chunk| (chunk, receiver))
    });
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        Body::from_stream(body),
    )
        .into_response()
}

/// A read-only transaction whose statements may run for as long as a download takes (the pool's
/// connections otherwise stop a statement after `KIZUNA_DB_STATEMENT_TIMEOUT_SECS`).
async fn long_statement(pool: &PgPool) -> Result<sqlx::Transaction<'static, Postgres>, sqlx::Error> {
    let mut tx = pool.begin().await?;
    sqlx::query("SET LOCAL statement_timeout = '30min'").execute(&mut *tx).await?;
    Ok(tx)
}

/// (line number in the file, column, characters) for every value CP932 cannot hold.
pub type Problems = Vec<(usize, String, Vec<char>)>;

async fn cp932_problems<T, F>(
    pool: &PgPool,
    roster: &Roster,
    make_sql: &(impl Fn() -> QueryBuilder<'static, Postgres> + Send + Sync),
    cells: &F,
) -> Result<Problems, sqlx::Error>
where
    T: for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow> + Send + Unpin,
    F: for<'r> Fn(&'r T) -> Vec<Cell<'r>>,
{
    let mut problems = Vec::new();
    let mut sql = make_sql();
    let mut rows = sql.build_query_as::<T>().fetch(pool);
    let mut line_number = 1; // the header
    while let Some(row) = rows.try_next().await? {
        line_number += 1;
        for (column, cell) in cells(&row).iter().enumerate() {
            if let Cell::Text(text) = cell {
                let missing = not_in_cp932(text);
                if !missing.is_empty() {
                    problems.push((line_number, roster.header.get(column).cloned().unwrap_or_default(), missing));
                }
            }
        }
        if problems.len() >= 200 {
            break;
        }
    }
    Ok(problems)
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A plain page (no scripts) listing what CP932 cannot hold, with the UTF-8 download offered.
fn problems_page(lang: Lang, roster: &Roster, problems: &Problems) -> Response {
    let t = lang.t();
    let rows: String = problems
        .iter()
        .map(|(line, column, chars)| {
            let shown: String =
                chars.iter().map(|c| format!("{c} (U+{:04X})", *c as u32)).collect::<Vec<_>>().join(", ");
            format!("<tr><td>{line}</td><td>{}</td><td>{}</td></tr>", escape(column), escape(&shown))
        })
        .collect();
    let body = format!(
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title>\
         <link rel=\"stylesheet\" href=\"/pkg/kizuna.css\"></head><body><main class=\"site-main\">\
         <h1>{}</h1><p>{}</p><table class=\"table\"><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead>\
         <tbody>{rows}</tbody></table><p><a class=\"button primary\" href=\"?{}\">{}</a></p></main></body></html>",
        lang.code(),
        escape(t.cp932_title),
        escape(t.cp932_title),
        escape(t.cp932_lead),
        escape(t.cp932_line),
        escape(t.cp932_column),
        escape(t.cp932_characters),
        escape(&utf8_query(&roster.filters)),
        escape(t.cp932_use_utf8),
    );
    (StatusCode::UNPROCESSABLE_ENTITY, Html(body)).into_response()
}

/// The same download's query string, in UTF-8.
fn utf8_query(filters: &serde_json::Value) -> String {
    let pairs = filters.as_object().into_iter().flatten().filter_map(|(k, v)| Some((k.as_str(), v.as_str()?)));
    let filters = app::domain::query_string::query_string(pairs);
    if filters.is_empty() {
        "encoding=utf-8".to_string()
    } else {
        format!("{filters}&encoding=utf-8")
    }
}

fn text<'a>(value: impl Into<Cow<'a, str>>) -> Cell<'a> {
    Cell::Text(value.into())
}

fn typed<'a>(value: impl Into<Cow<'a, str>>) -> Cell<'a> {
    Cell::Typed(value.into())
}

fn number<'a>(value: Option<impl ToString>) -> Cell<'a> {
    Cell::Typed(value.map_or(Cow::Borrowed(""), |n| Cow::Owned(n.to_string())))
}

fn date(value: Option<chrono::NaiveDate>) -> Cell<'static> {
    use chrono::Datelike;
    // Written by hand: chrono's format strings are parsed on every call, and this runs per row.
    typed(value.map(|d| format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())).unwrap_or_default())
}

fn status_text(lang: Lang, code: &str) -> &'static str {
    let t = lang.t();
    match MemberStatus::parse(code) {
        Some(MemberStatus::Pending) => t.status_pending,
        Some(MemberStatus::Active) => t.status_active,
        Some(MemberStatus::Rejected) => t.status_rejected,
        Some(MemberStatus::Withdrawn) => t.status_withdrawn,
        None => "",
    }
}

/// GET /admin/exports/members.csv — the member roster with the member list's filters
/// (`status`, `kind`, `committee`, `dues` = paid/unpaid, `year`) and `encoding`. Admins only.
pub async fn members(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
    Query(q): Params,
) -> Response {
    let admin = match caller(&state, &session, Access::Admin).await {
        Ok(caller) => caller,
        Err(error) => return refused(error),
    };
    let lang = lang_of(&headers);
    let t = lang.t();
    let get = |key: &str| q.get(key).cloned().unwrap_or_default();
    let filter = app::domain::membership::MemberFilter {
        status: get("status"),
        kind: get("kind"),
        committee: get("committee"),
        dues: get("dues"),
        year: get("year"),
        ..Default::default()
    };
    let query = ListQuery::from_filter(&filter, app::server::membership::today(), 0);
    let year = query.fiscal_year;
    let roster = Roster {
        kind: "members",
        filters: serde_json::json!({
            "status": get("status"), "kind": get("kind"), "committee": get("committee"), "dues": get("dues"), "year": year.to_string(),
        }),
        file: format!("members-{}.csv", today()),
        header: [
            t.member_number,
            t.profile_full_name,
            t.profile_name_reading,
            t.profile_name_romaji,
            t.profile_organisation_name,
            t.membership_status,
            t.membership_type,
            t.account_email,
            t.profile_phone,
            t.profile_postal_code,
            t.profile_prefecture,
            t.profile_city,
            t.profile_street,
            t.profile_birth_date,
            t.profile_languages,
            t.profile_photo_consent_short,
            t.csv_applied_on,
            t.csv_dues_paid_on,
        ]
        .iter()
        .map(|h| h.to_string())
        .collect(),
    };
    let encoding = Encoding::parse(q.get("encoding").map(String::as_str));
    stream(
        state.pool.clone(),
        admin.account_id,
        roster,
        encoding,
        lang,
        move || rosters::members_sql(&query),
        move |m: &rosters::MemberLine| {
            let t = lang.t();
            vec![
                number(m.member_number),
                text(&m.full_name),
                text(&m.name_reading),
                text(&m.name_romaji),
                text(&m.organisation_name),
                text(status_text(lang, &m.status)),
                text(if lang == Lang::Ja { &m.type_ja } else { &m.type_en }),
                text(m.email.as_deref().unwrap_or_default()),
                text(&m.phone),
                typed(format_postal_code(&m.postal_code).trim_start_matches('〒').to_string()),
                text(m.prefecture_code.map(|c| prefecture_name(c, lang)).unwrap_or_default()),
                text(&m.city),
                text(&m.street),
                date(m.birth_date),
                text(
                    m.languages
                        .iter()
                        .map(|c| app::domain::languages::name(c, lang).to_string())
                        .collect::<Vec<_>>()
                        .join(" "),
                ),
                text(if m.photo_consent { t.yes } else { t.no }),
                date(Some(m.applied_at.with_timezone(&app::domain::dates::tokyo()).date_naive())),
                date(m.paid_on),
            ]
        },
    )
    .await
}

/// GET /admin/exports/dues.csv?year=2026 — every active member and their dues for the fiscal
/// year (blank when unpaid), with `encoding`. Admins only.
pub async fn dues(State(state): State<AppState>, session: Session, headers: HeaderMap, Query(q): Params) -> Response {
    let admin = match caller(&state, &session, Access::Admin).await {
        Ok(caller) => caller,
        Err(error) => return refused(error),
    };
    let lang = lang_of(&headers);
    let t = lang.t();
    let year: i32 = q
        .get("year")
        .and_then(|y| y.parse().ok())
        .filter(|y| (2000..=2100).contains(y))
        .unwrap_or_else(|| fiscal_year_of(app::server::membership::today()));
    let roster = Roster {
        kind: "dues",
        filters: serde_json::json!({ "year": year.to_string() }),
        file: format!("dues-{year}-{}.csv", today()),
        header: [
            t.member_number,
            t.profile_full_name,
            t.profile_name_reading,
            t.membership_type,
            t.types_fee,
            t.dues_paid_on,
            t.dues_amount,
            t.dues_method,
            t.dues_note,
        ]
        .iter()
        .map(|h| h.to_string())
        .collect(),
    };
    let encoding = Encoding::parse(q.get("encoding").map(String::as_str));
    stream(
        state.pool.clone(),
        admin.account_id,
        roster,
        encoding,
        lang,
        move || rosters::dues_sql(year),
        move |d: &rosters::DuesLine| {
            let t = lang.t();
            let method = d.method.as_deref().and_then(|m| PaymentMethod::parse(m).ok()).map(|m| match m {
                PaymentMethod::Cash => t.method_cash,
                PaymentMethod::BankTransfer => t.method_bank_transfer,
                PaymentMethod::Other => t.method_other,
            });
            vec![
                number(d.member_number),
                text(&d.full_name),
                text(&d.name_reading),
                text(if lang == Lang::Ja { &d.type_ja } else { &d.type_en }),
                number(Some(d.annual_fee_yen)),
                date(d.paid_on),
                number(d.amount_yen),
                text(method.unwrap_or_default()),
                text(d.note.as_deref().unwrap_or_default()),
            ]
        },
    )
    .await
}

/// GET /admin/exports/committees/{slug}.csv — one committee's active members. Admins, and the
/// chairs of that committee (who get number, name, reading and phone; admins also email).
pub async fn committee(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
    Path(file): Path<String>,
    Query(q): Params,
) -> Response {
    let who = match caller(&state, &session, Access::Organiser).await {
        Ok(caller) => caller,
        Err(error) => return refused(error),
    };
    let Some(slug) = file.strip_suffix(".csv").map(str::to_string) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let committee = match committees::id_by_slug(&state.pool, &slug).await {
        Ok(Some(id)) => id,
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(error) => return refused(error.into()),
    };
    if let Err(error) = may_organise(&who, committee) {
        return refused(error);
    }
    let lang = lang_of(&headers);
    let t = lang.t();
    let with_email = app::server::guard::is_admin(&who);
    let mut header: Vec<String> = [t.member_number, t.profile_full_name, t.profile_name_reading, t.profile_phone]
        .iter()
        .map(|h| h.to_string())
        .collect();
    if with_email {
        header.push(t.account_email.to_string());
    }
    let roster = Roster {
        kind: "committee",
        filters: serde_json::json!({ "committee": slug }),
        file: format!("committee-{slug}-{}.csv", today()),
        header,
    };
    let encoding = Encoding::parse(q.get("encoding").map(String::as_str));
    stream(
        state.pool.clone(),
        who.account_id,
        roster,
        encoding,
        lang,
        move || rosters::committee_sql(committee),
        move |m: &rosters::CommitteeLine| {
            let mut cells = vec![number(m.member_number), text(&m.full_name), text(&m.name_reading), text(&m.phone)];
            if with_email {
                cells.push(text(m.email.as_deref().unwrap_or_default()));
            }
            cells
        },
    )
    .await
}

/// GET /admin/exports/audit.csv — the audit log with the audit page's filters. Admins only.
pub async fn audit_log(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
    Query(q): Params,
) -> Response {
    let admin = match caller(&state, &session, Access::Admin).await {
        Ok(caller) => caller,
        Err(error) => return refused(error),
    };
    let lang = lang_of(&headers);
    let t = lang.t();
    let get = |key: &str| q.get(key).cloned().unwrap_or_default();
    let filter = app::api::overview::AuditFilter {
        actor: get("actor"),
        action: get("action"),
        record_type: get("record_type"),
        record_id: get("record_id"),
        from: get("from"),
        until: get("until"),
        before: String::new(),
    };
    let roster = Roster {
        kind: "audit_log",
        filters: serde_json::json!({
            "actor": filter.actor, "action": filter.action, "record_type": filter.record_type,
            "record_id": filter.record_id, "from": filter.from, "until": filter.until,
        }),
        file: format!("audit-log-{}.csv", today()),
        header: [t.audit_when, t.audit_actor, t.audit_action, t.audit_record, t.audit_record_id, t.audit_details]
            .iter()
            .map(|h| h.to_string())
            .collect(),
    };
    let encoding = Encoding::parse(q.get("encoding").map(String::as_str));
    let query = app::api::overview::audit_query(&filter, None);
    stream(
        state.pool.clone(),
        admin.account_id,
        roster,
        encoding,
        lang,
        move || app::server::db::audit::audit_sql(&query),
        |r: &app::server::db::audit::AuditRow| {
            vec![
                typed(r.at.to_rfc3339()),
                text(r.actor.as_deref().unwrap_or_default()),
                text(&r.action),
                text(&r.record_type),
                number(r.record_id),
                text(&r.details),
            ]
        },
    )
    .await
}
