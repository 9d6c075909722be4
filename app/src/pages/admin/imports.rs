//! The member-list upload (a plain multipart form: works without JavaScript) and the earlier
//! uploads with their state.

use crate::api::imports::load_imports;
use crate::components::loaded::loaded;
use crate::domain::dates::format_datetime;
use crate::domain::import::ImportSummary;
use crate::i18n::{use_lang, Texts};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ImportsPage() -> impl IntoView {
    let imports = Resource::new(|| (), |_| load_imports());
    loaded(imports, |imports| view! { <ImportsList imports/> })
}

/// Why the last upload came back (set by the upload route), in the reader's language.
fn upload_problem(t: &'static Texts, code: &str) -> Option<&'static str> {
    Some(match code {
        "missing" => t.import_problem_missing,
        "too_large" => t.import_problem_too_large,
        "encoding" => t.import_problem_encoding,
        "empty" => t.import_problem_empty,
        "format" => t.import_problem_format,
        "too_many_rows" => t.import_problem_too_many_rows,
        _ => return None,
    })
}

#[component]
fn ImportsList(imports: Vec<ImportSummary>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    let query = use_query_map();
    let problem = move || query.read().get("problem").and_then(|code| upload_problem(t, &code));
    let discarded = move || query.read().get("discarded").is_some();
    let empty = imports.is_empty();
    let rows = imports
        .into_iter()
        .map(|i| {
            view! {
                <tr>
                    <td><a href=format!("/admin/imports/{}", i.id)>{i.file_name}</a></td>
                    <td>{format_datetime(lang, i.uploaded_at)}</td>
                    <td>{i.uploaded_by}</td>
                    <td>{lang.import_status(i.status)}</td>
                    <td class="number">{i.row_count}</td>
                    <td class="number">{i.imported_count.map(|n| n.to_string()).unwrap_or_default()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <Title text=t.import_title/>
        <p><a href="/admin/members">{t.admin_members_title}</a></p>
        <h1>{t.import_title}</h1>
        <p class="lead">{t.import_lead}</p>
        {move || problem().map(|text| view! { <p class="notice error" role="alert">{text}</p> })}
        {move || discarded().then(|| view! { <p class="notice success" role="status">{t.import_discarded}</p> })}
        <section class="form-section">
            <h2>{t.import_upload_heading}</h2>
            <form method="post" action="/admin/imports/upload" enctype="multipart/form-data" class="form">
                <div class="field">
                    <label for="import-file">{t.import_file_label}</label>
                    <input id="import-file" type="file" name="file" accept=".csv,text/csv" required/>
                    <p class="hint">{t.import_file_hint}</p>
                </div>
                <button type="submit" class="button primary">{t.import_upload_submit}</button>
            </form>
        </section>
        <section>
            <h2>{t.import_history_heading}</h2>
            {empty.then(|| view! { <p>{t.import_none}</p> })}
            {(!empty).then(|| view! {
                <div class="table-scroll">
                    <table class="table">
                        <thead><tr>
                            <th scope="col">{t.import_col_file}</th>
                            <th scope="col">{t.import_col_uploaded}</th>
                            <th scope="col">{t.import_col_by}</th>
                            <th scope="col">{t.import_col_status}</th>
                            <th scope="col">{t.import_col_rows}</th>
                            <th scope="col">{t.import_col_added}</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            })}
        </section>
    }
}
