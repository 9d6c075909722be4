//! The treasurer's report of a fiscal year's dues as CSV for the accountant
//! (`/admin/exports/dues-report.csv?year=`): one table with a first column naming each part (by
//! class, by method, totals, receipts, voided), headers in the reader's language. Sums only, no
//! one's name: staff who read the members may download it. Audited like every download.

use super::lang_of;
use crate::auth::{staff, Allowed};
use crate::csv_out::{attachment, Cell, CsvOut, Encoding};
use app::server::db::{association, audit, year_end};
use app::server::state::AppState;
use app::AppError;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use std::collections::HashMap;

pub async fn dues_report(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
    Allowed { caller, .. }: Allowed<staff::ReadMembers>,
) -> Result<Response, AppError> {
    let lang = lang_of(&headers);
    let t = lang.t();
    let this_year = association::profile::load(&state.pool).await?.calendar.this_year();
    let year = q.get("year").and_then(|y| y.trim().parse::<i32>().ok()).filter(|y| (2000..=2100).contains(y));
    let year = year.unwrap_or(this_year);
    let report = year_end::report(&state.pool, year).await?;
    let encoding = Encoding::parse(q.get("encoding").map(String::as_str));
    let mut out = CsvOut::new(encoding);
    let number = |n: i64| Cell::typed(n.to_string());
    let blank = || Cell::typed("");
    out.row(&[
        Cell::text(t.paper_year),
        Cell::text(t.report_heading),
        Cell::text(t.report_class_col),
        Cell::text(t.report_members_col),
        Cell::text(t.report_payments_col),
        Cell::text(t.report_collected_col),
        Cell::text(t.report_expected_col),
    ]);
    let year_cell = || Cell::typed(year.to_string());
    for c in &report.by_class {
        out.row(&[
            year_cell(),
            Cell::text(t.report_by_class),
            Cell::text(c.name.get(lang)),
            number(c.members),
            number(c.payments),
            number(c.collected_yen),
            number(c.expected_yen),
        ]);
    }
    for m in &report.by_method {
        out.row(&[
            year_cell(),
            Cell::text(t.report_by_method),
            Cell::text(lang.payment_method(m.method)),
            blank(),
            number(m.payments),
            number(m.collected_yen),
            blank(),
        ]);
    }
    out.row(&[
        year_cell(),
        Cell::text(t.total_label),
        Cell::text(""),
        number(report.members()),
        number(report.payments()),
        number(report.collected_yen()),
        number(report.expected_yen()),
    ]);
    out.row(&[
        year_cell(),
        Cell::text(t.receipt_heading),
        Cell::text(""),
        blank(),
        number(report.receipts),
        blank(),
        blank(),
    ]);
    out.row(&[
        year_cell(),
        Cell::text(t.dues_void_heading),
        Cell::text(""),
        blank(),
        number(report.voided),
        number(report.voided_yen),
        blank(),
    ]);
    out.row(&[
        year_cell(),
        Cell::text(t.donations_title),
        Cell::text(""),
        blank(),
        number(report.donations),
        number(report.donations_yen),
        blank(),
    ]);
    let body = out.into_file();
    let mut tx = state.pool.begin().await?;
    audit::record(&mut tx, caller.account_id, "export.dues_report", "dues", i64::from(year), serde_json::json!({}))
        .await?;
    tx.commit().await?;
    let today = app::domain::dates::today_in_japan().format("%Y%m%d");
    Ok(attachment(&format!("dues-report-{year}-{today}.csv"), &encoding.content_type(), body))
}
