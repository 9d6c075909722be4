//! Roster downloads for the secretariat (and chairs, for their own committee): GET routes under
//! `/admin/exports/`, bookmarkable, with the same session and access rules as the server
//! functions. The rows are streamed from PostgreSQL straight into the response, so memory stays
//! flat however long the roster is. With `encoding=cp932` every value is checked first; a
//! character CP932 cannot hold gets a plain list of where it is, instead of a broken file.
//!
//! Here: the four handlers (who may, which rows, which columns). `stream.rs`: the streaming and
//! the audit entry. `cp932.rs`: the CP932 check and its page.

mod cp932;
pub mod report;
mod stream;

pub use stream::Roster;

use crate::auth::{staff, Allowed, Organiser};
use crate::csv_out::{Cell, Encoding};
use app::domain::address::format_postal_code;
use app::domain::committee::CommitteePost;
use app::error::AppError;
use app::i18n::names::{language_name, prefecture_name};
use app::i18n::Lang;
use app::server::db::member_list::ListQuery;
use app::server::db::{committees, rosters};
use app::server::guard::may_organise;
use app::server::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use std::borrow::Cow;
use std::collections::HashMap;
use stream::stream;

type Params = Query<HashMap<String, String>>;

pub fn lang_of(headers: &HeaderMap) -> Lang {
    let get = |name| headers.get(name).and_then(|v: &axum::http::HeaderValue| v.to_str().ok());
    Lang::for_request(get(header::COOKIE), get(header::ACCEPT_LANGUAGE))
}

fn today() -> String {
    app::domain::dates::today_in_japan().format("%Y%m%d").to_string()
}

fn text<'a>(value: impl Into<Cow<'a, str>>) -> Cell<'a> {
    Cell::text(value)
}

fn typed<'a>(value: impl Into<Cow<'a, str>>) -> Cell<'a> {
    Cell::typed(value)
}

fn number<'a>(value: Option<impl ToString>) -> Cell<'a> {
    Cell::Typed(value.map_or(Cow::Borrowed(""), |n| Cow::Owned(n.to_string())))
}

fn date(value: Option<chrono::NaiveDate>) -> Cell<'static> {
    use chrono::Datelike;
    // Written by hand: chrono's format strings are parsed on every call, and this runs per row.
    typed(value.map(|d| format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())).unwrap_or_default())
}

/// GET /admin/exports/members.csv — the member roster with the member list's filters
/// (`status`, `kind`, `committee`, `dues` = paid/unpaid, `year`) and `encoding`. Staff with
/// `Duty::ExportMembers`.
pub async fn members(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Params,
    Allowed { caller: admin, .. }: Allowed<staff::ExportMembers>,
) -> Response {
    let lang = lang_of(&headers);
    let t = lang.t();
    let this_year = match state.reference.calendar(&state.pool).await {
        Ok(calendar) => calendar.this_year(),
        Err(error) => return AppError::from(error).into_response(),
    };
    let get = |key: &str| q.get(key).cloned().unwrap_or_default();
    let filter = app::domain::membership::MemberFilter {
        status: get("status"),
        kind: get("kind"),
        committee: get("committee"),
        dues: get("dues"),
        year: get("year"),
        ..Default::default()
    };
    let query = ListQuery::from_filter(&filter, this_year, 0);
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
                text(lang.member_status(m.status)),
                text(if lang == Lang::Ja { &m.type_ja } else { &m.type_en }),
                text(m.email.as_deref().unwrap_or_default()),
                text(&m.phone),
                typed(format_postal_code(&m.postal_code).trim_start_matches('〒').to_string()),
                text(m.prefecture_code.map(|c| prefecture_name(c, lang)).unwrap_or_default()),
                text(&m.city),
                text(&m.street),
                date(m.birth_date),
                text(m.languages.iter().map(|c| language_name(c, lang).to_string()).collect::<Vec<_>>().join(" ")),
                text(if m.photo_consent { t.yes } else { t.no }),
                date(Some(app::domain::dates::japan_day(m.applied_at))),
                date(m.paid_on),
            ]
        },
    )
    .await
}

/// GET /admin/exports/dues.csv?year=2026 — every active member and their dues for the fiscal
/// year (blank when unpaid), with `encoding`. Staff with `Duty::ExportDues`.
pub async fn dues(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Params,
    Allowed { caller: admin, .. }: Allowed<staff::ExportDues>,
) -> Response {
    let lang = lang_of(&headers);
    let t = lang.t();
    let this_year = match state.reference.calendar(&state.pool).await {
        Ok(calendar) => calendar.this_year(),
        Err(error) => return AppError::from(error).into_response(),
    };
    let year: i32 =
        q.get("year").and_then(|y| y.parse().ok()).filter(|y| (2000..=2100).contains(y)).unwrap_or(this_year);
    let roster = Roster {
        kind: "dues",
        filters: serde_json::json!({ "year": year.to_string() }),
        file: format!("dues-{year}-{}.csv", today()),
        header: [
            t.member_number,
            t.profile_full_name,
            t.profile_name_reading,
            t.membership_type,
            t.units_label,
            t.roster_dues_due,
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
            let method = d.method.map(|m| lang.payment_method(m));
            vec![
                number(d.member_number),
                text(&d.full_name),
                text(&d.name_reading),
                text(if lang == Lang::Ja { &d.type_ja } else { &d.type_en }),
                number(Some(d.units)),
                number(d.dues_yen),
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
    headers: HeaderMap,
    Path(file): Path<String>,
    Query(q): Params,
    Allowed { caller: who, .. }: Allowed<Organiser>,
) -> Response {
    let Some(slug) = file.strip_suffix(".csv").map(str::to_string) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let committee = match committees::id_by_slug(&state.pool, &slug).await {
        Ok(Some(id)) => id,
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(error) => return app::AppError::from(error).into_response(),
    };
    if let Err(error) = may_organise(&who, committee) {
        return error.into_response();
    }
    let lang = lang_of(&headers);
    let t = lang.t();
    let with_email = app::server::guard::is_admin(&who);
    let mut header: Vec<String> =
        [t.member_number, t.profile_full_name, t.profile_name_reading, t.profile_phone, t.record_posts_column]
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
            let post = CommitteePost::parse(&m.post).unwrap_or_default();
            let mut cells = vec![
                number(m.member_number),
                text(&m.full_name),
                text(&m.name_reading),
                text(&m.phone),
                text(if post == CommitteePost::Member { "" } else { lang.committee_post(post) }),
            ];
            if with_email {
                cells.push(text(m.email.as_deref().unwrap_or_default()));
            }
            cells
        },
    )
    .await
}

/// GET /admin/exports/audit.csv — the audit log with the audit page's filters. Staff with `Duty::Audit`.
pub async fn audit_log(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Params,
    Allowed { caller: admin, .. }: Allowed<staff::Audit>,
) -> Response {
    let lang = lang_of(&headers);
    let t = lang.t();
    let get = |key: &str| q.get(key).cloned().unwrap_or_default();
    // The whole log that the filters select: no paging.
    let filter =
        app::api::overview::AuditFilter { before: String::new(), ..app::api::overview::AuditFilter::from_query(get) };
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
