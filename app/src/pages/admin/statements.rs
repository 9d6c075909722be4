//! The bank statement upload (a plain multipart form: works without JavaScript) and the earlier
//! statements with their state. Staff with `Dues`.

use crate::api::statements::load_statements;
use crate::components::loaded::loaded;
use crate::domain::dates::format_datetime;
use crate::domain::statement::StatementSummary;
use crate::i18n::{use_lang, Texts};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn StatementsPage() -> impl IntoView {
    let statements = Resource::new(|| (), |_| load_statements());
    loaded(statements, |statements| view! { <StatementList statements/> })
}

/// Why the last upload came back (set by the upload route), in the reader's language.
fn upload_problem(t: &'static Texts, code: &str, line: Option<u64>) -> Option<String> {
    Some(match code {
        "missing" => t.import_problem_missing.to_string(),
        "too_large" => t.import_problem_too_large.to_string(),
        "encoding" => t.statement_problem_encoding.to_string(),
        "empty" => t.statement_problem_empty.to_string(),
        "columns" => t.statement_problem_columns.to_string(),
        "line" => (t.statement_problem_line)(line.unwrap_or(0)),
        "totals" => t.statement_problem_totals.to_string(),
        "too_many" => t.statement_problem_too_many.to_string(),
        _ => return None,
    })
}

#[component]
fn StatementList(statements: Vec<StatementSummary>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    let query = use_query_map();
    let problem = move || {
        let query = query.read();
        let line = query.get("line").and_then(|n| n.parse().ok());
        query.get("problem").and_then(|code| upload_problem(t, &code, line))
    };
    let discarded = move || query.read().get("discarded").is_some();
    let empty = statements.is_empty();
    let rows = statements
        .into_iter()
        .map(|s| {
            let status = if s.committed() {
                t.statement_status_committed
            } else if s.undone_at.is_some() {
                t.statement_status_undone
            } else {
                t.statement_status_checking
            };
            view! {
                <tr>
                    <td><a href=format!("/admin/statements/{}", s.id)>{s.file_name}</a></td>
                    <td data-label=t.import_col_uploaded>{format_datetime(lang, s.uploaded_at)}</td>
                    <td data-label=t.import_col_by>{s.uploaded_by}</td>
                    <td data-label=t.import_col_status>{status}</td>
                    <td class="number" data-label=t.statement_col_credits>{s.credits}</td>
                    <td class="number" data-label=t.statement_col_taken>{s.taken}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <Title text=t.statements_title/>
        <p><a href="/admin">{t.dashboard_title}</a></p>
        <h1>{t.statements_title}</h1>
        <p class="lead">{t.statements_lead}</p>
        {move || problem().map(|text| view! { <p class="notice error" role="alert">{text}</p> })}
        {move || discarded().then(|| view! { <p class="notice success" role="status">{t.statement_discarded}</p> })}
        <section class="form-section">
            <h2>{t.statement_upload_heading}</h2>
            <form method="post" action="/admin/statements/upload" enctype="multipart/form-data" class="form">
                <div class="field">
                    <label for="statement-file">{t.statement_file_label}</label>
                    <input id="statement-file" type="file" name="file" accept=".csv,.txt,.dat,text/csv,text/plain" required aria-describedby="statement-file-hint"/>
                    <p class="hint" id="statement-file-hint">{t.statement_file_hint}</p>
                </div>
                <button type="submit" class="button primary">{t.statement_upload_submit}</button>
            </form>
        </section>
        <section>
            <h2>{t.statement_history_heading}</h2>
            {empty.then(|| view! { <p>{t.statement_none}</p> })}
            {(!empty).then(|| view! {
                <div class="table-scroll">
                    <table class="table cards">
                        <thead><tr>
                            <th scope="col">{t.import_col_file}</th>
                            <th scope="col">{t.import_col_uploaded}</th>
                            <th scope="col">{t.import_col_by}</th>
                            <th scope="col">{t.import_col_status}</th>
                            <th scope="col">{t.statement_col_credits}</th>
                            <th scope="col">{t.statement_col_taken}</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            })}
        </section>
    }
}
