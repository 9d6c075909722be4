//! One member-list upload: choose the columns, read the dry run, add the members (with progress),
//! then send invitations or undo the whole import.

use crate::api::imports::{
    load_import, CommitImport, DiscardImport, SaveImportMapping, SendImportInvitations, UndoImport,
};
use crate::components::form_errors::{errors_of, FieldMessage, FormMessage};
use crate::components::loaded::loaded;
use crate::domain::dates::format_datetime;
use crate::domain::import::fields::ImportField;
use crate::domain::import::{DryRun, ImportStatus, ImportView, Likeness};
use crate::i18n::{use_lang, Texts};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn ImportPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.read().get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
    // The query (after a form, or a progress refresh) is part of the key: each reloads the import.
    let import = Resource::new(move || (id(), query.read().to_query_string()), |(id, _)| load_import(id));
    loaded(import, |import| view! { <ImportDetail import/> })
}

#[component]
fn ImportDetail(import: ImportView) -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    let query = use_query_map();
    let invited = move || query.read().get("invited");
    let status = import.status;
    view! {
        <Title text=t.import_title/>
        <p><a href="/admin/imports">{t.import_back}</a></p>
        <h1>{import.file_name.clone()}</h1>
        <p class="meta">{format!("{} · {} {} · {} {} · {}", format_datetime(lang, import.uploaded_at), t.import_col_rows,
            import.row_count, t.import_encoding_label, encoding_name(&import.encoding), lang.import_status(status))}</p>
        {move || invited().map(|n| view! { <p class="notice success" role="status">{format!("{} {n}", t.import_invited)}</p> })}
        {(import.failed && status != ImportStatus::Importing).then(|| view! { <p class="notice error" role="alert">{t.import_failed}</p> })}
        {match status {
            ImportStatus::Uploaded => view! { <Checking import=import.clone()/> }.into_any(),
            ImportStatus::Importing if import.failed => view! { <Checking import=import.clone()/> }.into_any(),
            ImportStatus::Importing => view! { <Progress import=import.clone()/> }.into_any(),
            ImportStatus::Imported => view! { <Imported import=import.clone()/> }.into_any(),
            ImportStatus::Undone => view! { <p class="notice">{t.import_undone}</p> }.into_any(),
            ImportStatus::Discarded => view! { <p class="notice">{t.import_discarded}</p> }.into_any(),
        }}
    }
}

fn encoding_name(code: &str) -> &'static str {
    match code {
        "utf8_bom" => "UTF-8 (BOM)",
        "cp932" => "Shift_JIS (CP932)",
        _ => "UTF-8",
    }
}

/// Before importing: the mapping form, the first rows, the dry run, and the buttons.
#[component]
fn Checking(import: ImportView) -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    let save = ServerAction::<SaveImportMapping>::new();
    let save_error = errors_of(save);
    let id = import.id;
    let selects = ImportField::ALL
        .into_iter()
        .map(|field| {
            let chosen = import.mapping.column(field);
            let select_id = format!("map-{}", field.code());
            let options = import
                .columns
                .iter()
                .enumerate()
                .map(|(i, heading)| view! { <option value=i.to_string() selected={chosen == Some(i)}>{format!("{}. {heading}", i + 1)}</option> })
                .collect_view();
            view! {
                <div class="field">
                    <label for=select_id.clone()>{lang.import_field(field)}{field.is_required().then_some(t.import_required_mark)}</label>
                    <select id=select_id name=format!("mapping[{}]", field.code())>
                        <option value="" selected=chosen.is_none()>{t.import_not_imported}</option>
                        {options}
                    </select>
                    <FieldMessage error=save_error field=format!("mapping.{}", field.code())/>
                </div>
            }
        })
        .collect_view();
    view! {
        <section class="form-section">
            <h2>{t.import_mapping_heading}</h2>
            <p>{t.import_mapping_lead}</p>
            <Samples columns=import.columns.clone() samples=import.samples.clone()/>
            <ActionForm action=save attr:class="form" attr:novalidate=true>
                <FormMessage error=save_error/>
                <input type="hidden" name="id" value=id/>
                {selects}
                <button type="submit" class="button">{t.import_check_submit}</button>
            </ActionForm>
        </section>
        {import.dry_run.map(|dry_run| view! { <DryRunReport id dry_run/> })}
    }
}

#[component]
fn Samples(columns: Vec<String>, samples: Vec<Vec<String>>) -> impl IntoView {
    let t = use_lang().t();
    let head = columns
        .iter()
        .enumerate()
        .map(|(i, c)| view! { <th scope="col">{format!("{}. {c}", i + 1)}</th> })
        .collect_view();
    let rows = samples
        .into_iter()
        .map(|row| view! { <tr>{row.into_iter().map(|cell| view! { <td>{cell}</td> }).collect_view()}</tr> })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class="table">
                <caption>{t.import_sample_heading}</caption>
                <thead><tr>{head}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

#[component]
fn DryRunReport(id: i64, dry_run: DryRun) -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    let commit = ServerAction::<CommitImport>::new();
    let discard = ServerAction::<DiscardImport>::new();
    let (commit_error, discard_error) = (errors_of(commit), errors_of(discard));
    let can_import = dry_run.can_import();
    let unmapped = dry_run.unmapped.iter().map(|f| lang.import_field(*f)).collect::<Vec<_>>().join("、");
    let errors = dry_run
        .errors
        .iter()
        .map(|e| {
            view! {
                <tr>
                    <td class="number">{e.line}</td>
                    <td>{lang.import_field(e.field)}</td>
                    <td>{e.value.clone()}</td>
                    <td>{lang.field_problem(&e.problem)}</td>
                </tr>
            }
        })
        .collect_view();
    let duplicates = dry_run
        .duplicates
        .iter()
        .map(|d| {
            let why = match &d.likeness {
                Likeness::SameEmail { member_number } => with_number(t.import_same_email, t, *member_number),
                Likeness::SamePerson { member_number } => with_number(t.import_same_person, t, *member_number),
                Likeness::EarlierLine { line } => format!("{} ({} {line})", t.import_earlier_line, t.import_line),
            };
            view! { <tr><td class="number">{d.line}</td><td>{d.full_name.clone()}</td><td>{why}</td></tr> }
        })
        .collect_view();
    let preview = dry_run
        .preview
        .iter()
        .map(|p| view! {
            <tr><td class="number">{p.line}</td><td>{p.full_name.clone()}</td><td>{p.name_reading.clone()}</td><td>{p.email.clone()}</td>
                <td>{lang.contact_by(p.contact_by)}</td>
                <td>{p.paid_years.iter().map(i32::to_string).collect::<Vec<_>>().join(", ")}</td></tr>
        })
        .collect_view();
    let limited =
        |shown: usize, total: usize| (shown < total).then(|| view! { <p class="hint">{t.import_list_limited}</p> });
    view! {
        <section class="form-section" aria-live="polite">
            <h2>{t.import_dry_run_heading}</h2>
            {(!unmapped.is_empty()).then(|| view! { <p class="notice error" role="alert">{format!("{} {unmapped}", t.import_unmapped)}</p> })}
            {(dry_run.error_count > 0).then(|| view! {
                <h3>{format!("{} ({})", t.import_errors, dry_run.error_count)}</h3>
                <p class="notice error" role="alert">{t.import_errors_lead}</p>
                <div class="table-scroll"><table class="table import-errors">
                    <thead><tr><th scope="col">{t.import_line}</th><th scope="col">{t.import_field}</th>
                        <th scope="col">{t.import_value}</th><th scope="col">{t.import_reason}</th></tr></thead>
                    <tbody>{errors}</tbody>
                </table></div>
                {limited(dry_run.errors.len(), dry_run.error_count)}
            })}
            {(dry_run.duplicate_count > 0).then(|| view! {
                <h3>{format!("{} ({})", t.import_duplicates, dry_run.duplicate_count)}</h3>
                <div class="table-scroll"><table class="table import-duplicates">
                    <thead><tr><th scope="col">{t.import_line}</th><th scope="col">{t.import_field_full_name}</th>
                        <th scope="col">{t.import_likeness}</th></tr></thead>
                    <tbody>{duplicates}</tbody>
                </table></div>
                {limited(dry_run.duplicates.len(), dry_run.duplicate_count)}
            })}
            {unmapped.is_empty().then(|| view! {
                <h3>{format!("{} ({})", t.import_creatable, dry_run.creatable)}</h3>
                {(dry_run.creatable == 0).then(|| view! { <p>{t.import_nothing_new}</p> })}
                {(dry_run.creatable > 0).then(|| view! {
                    <div class="table-scroll"><table class="table import-preview">
                        <thead><tr><th scope="col">{t.import_line}</th><th scope="col">{t.import_field_full_name}</th>
                            <th scope="col">{t.import_field_name_reading}</th><th scope="col">{t.import_field_email}</th>
                            <th scope="col">{t.import_preview_contact_by}</th><th scope="col">{t.import_preview_paid_years}</th></tr></thead>
                        <tbody>{preview}</tbody>
                    </table></div>
                    {limited(dry_run.preview.len(), dry_run.creatable)}
                })}
            })}
            {can_import.then(|| view! {
                <ActionForm action=commit attr:class="form">
                    <FormMessage error=commit_error/>
                    <input type="hidden" name="id" value=id/>
                    <label class="choice" for="invite">
                        <input id="invite" type="checkbox" name="invite" value="yes"/>
                        <span>{t.import_invite_label}</span>
                    </label>
                    <button type="submit" class="button primary">{format!("{} ({})", t.import_commit_submit, dry_run.creatable)}</button>
                </ActionForm>
            })}
            <ActionForm action=discard attr:class="form">
                <FormMessage error=discard_error/>
                <input type="hidden" name="id" value=id/>
                <p class="hint">{t.import_discard_hint}</p>
                <button type="submit" class="button danger">{t.import_discard}</button>
            </ActionForm>
        </section>
    }
}

fn with_number(text: &str, t: &'static Texts, number: Option<i32>) -> String {
    match number {
        Some(n) => format!("{text} ({} {n})", t.import_member_number_short),
        None => text.to_string(),
    }
}

/// While the import runs: a progress bar, and the page reads itself again every second (a
/// refresh tag, which needs no JavaScript).
#[component]
fn Progress(import: ImportView) -> impl IntoView {
    let t = use_lang().t();
    view! {
        <Meta http_equiv="refresh" content="1"/>
        <section class="form-section" aria-live="polite">
            <p role="status">{t.import_progress}</p>
            <progress class="import-progress" max=import.row_count value=import.progress_rows>
                {format!("{} / {}", import.progress_rows, import.row_count)}
            </progress>
            <p>{format!("{} / {}", import.progress_rows, import.row_count)}</p>
        </section>
    }
}

/// After importing: what happened, invitations, and the undo.
#[component]
fn Imported(import: ImportView) -> impl IntoView {
    let t = use_lang().t();
    let invite = ServerAction::<SendImportInvitations>::new();
    let undo = ServerAction::<UndoImport>::new();
    let (invite_error, undo_error) = (errors_of(invite), errors_of(undo));
    let id = import.id;
    let blockers = import
        .undo_blockers
        .iter()
        .map(|b| {
            let number = b.member_number.map(|n| format!("{n} ")).unwrap_or_default();
            view! { <li>{format!("{number}{}", b.full_name)}</li> }
        })
        .collect_view();
    view! {
        <section class="form-section">
            <p class="notice success" role="status">{t.import_status_imported}</p>
            <dl class="facts">
                <dt>{t.import_imported_count}</dt><dd>{import.imported_count.unwrap_or(0)}</dd>
                <dt>{t.import_skipped_count}</dt><dd>{import.skipped_count.unwrap_or(0)}</dd>
            </dl>
            <p><a class="button" href="/admin/members">{t.admin_members_title}</a></p>
        </section>
        {(import.invitable > 0).then(|| view! {
            <section class="form-section">
                <h2>{t.import_invite_heading}</h2>
                <p>{format!("{}: {}", t.import_invitable, import.invitable)}</p>
                <ActionForm action=invite attr:class="form">
                    <FormMessage error=invite_error/>
                    <input type="hidden" name="id" value=id/>
                    <button type="submit" class="button primary">{t.import_invite_submit}</button>
                </ActionForm>
            </section>
        })}
        <section class="form-section">
            <h2>{t.import_undo_heading}</h2>
            <p>{t.import_undo_lead}</p>
            {(import.undo_blocker_count > 0).then(|| view! {
                <p class="notice">{format!("{} {}", t.import_undo_blocked, import.undo_blocker_count)}</p>
                <ul class="undo-blockers">{blockers}</ul>
            })}
            {(import.undo_blocker_count == 0).then(|| view! {
                <ActionForm action=undo attr:class="form">
                    <FormMessage error=undo_error/>
                    <input type="hidden" name="id" value=id/>
                    <button type="submit" class="button danger">{t.import_undo_submit}</button>
                </ActionForm>
            })}
        </section>
    }
}
