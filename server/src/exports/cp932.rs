//! The CP932 check of a roster: every text value is scanned before the download starts, and a
//! character CP932 cannot hold (emoji, some rare kanji) gets a plain page of where it is, with
//! the UTF-8 download offered, instead of a broken file.

use super::stream::Roster;
use crate::csv_out::{not_in_cp932, Cell};
use app::i18n::Lang;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use futures::TryStreamExt;
use sqlx::{PgPool, Postgres, QueryBuilder};

/// (line number in the file, column, characters) for every value CP932 cannot hold.
pub type Problems = Vec<(usize, String, Vec<char>)>;

/// Runs the roster's query once, before anything is sent, and lists the text cells CP932 cannot
/// hold (the first 200 are enough to act on).
pub async fn problems<T, F>(
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
pub fn problems_page(lang: Lang, roster: &Roster, problems: &Problems) -> Response {
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
