//! The audit log: who did what to which record, when; filtered; pages of 100; CSV download.

use crate::api::overview::{load_audit_log, AuditEntry, AuditFilter};
use crate::components::loaded::loaded;
use crate::domain::dates::format_datetime;
use crate::domain::query_string::query_string;
use crate::i18n::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

fn filter_from_query() -> Memo<AuditFilter> {
    let query = use_query_map();
    Memo::new(move |_| {
        let q = query.read();
        AuditFilter::from_query(|key| q.get(key).unwrap_or_default())
    })
}

fn filter_query(f: &AuditFilter) -> String {
    query_string([
        ("actor", f.actor.as_str()),
        ("action", &f.action),
        ("record_type", &f.record_type),
        ("record_id", &f.record_id),
        ("from", &f.from),
        ("until", &f.until),
        ("before", &f.before),
    ])
}

#[component]
pub fn AuditPage() -> impl IntoView {
    let filter = filter_from_query();
    let entries = Resource::new(move || filter.get(), load_audit_log);
    loaded(entries, move |entries| view! { <AuditTable entries filter=filter.get_untracked()/> })
}

#[component]
fn AuditTable(entries: Vec<AuditEntry>, filter: AuditFilter) -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    let next = (entries.len() == 100).then(|| {
        let mut f = filter.clone();
        f.before = entries.last().map(|e| e.id.to_string()).unwrap_or_default();
        format!("/admin/audit?{}", filter_query(&f))
    });
    let csv = {
        let mut f = filter.clone();
        f.before = String::new();
        format!("/admin/exports/audit.csv?{}", filter_query(&f))
    };
    let rows = entries
        .into_iter()
        .map(|e| {
            view! {
                <tr>
                    <td>{format_datetime(lang, e.at)}</td>
                    <td>{e.actor.unwrap_or_default()}</td>
                    <td><code>{e.action}</code></td>
                    <td>{format!("{} {}", e.record_type, e.record_id.map(|i| i.to_string()).unwrap_or_default())}</td>
                    <td><code class="details">{e.details}</code></td>
                </tr>
            }
        })
        .collect_view();
    let field = |name: &'static str, label: &'static str, value: String, kind: &'static str| {
        let id = format!("audit-{name}");
        let label_for = id.clone();
        view! { <div class="field"><label for=label_for>{label}</label><input id=id type=kind name=name value=value/></div> }
    };
    view! {
        <Title text=t.audit_title/>
        <h1>{t.audit_title}</h1>
        <form method="get" action="/admin/audit" class="filters">
            {field("actor", t.audit_actor, filter.actor.clone(), "email")}
            {field("action", t.audit_action, filter.action.clone(), "text")}
            {field("record_type", t.audit_record, filter.record_type.clone(), "text")}
            {field("record_id", t.audit_record_id, filter.record_id.clone(), "number")}
            {field("from", t.audit_from, filter.from.clone(), "date")}
            {field("until", t.audit_until, filter.until.clone(), "date")}
            <button type="submit" class="button primary">{t.filter_submit}</button>
        </form>
        <p><a class="button" href=csv download="">{t.audit_csv}</a></p>
        <div class="table-scroll">
            <table class="table audit">
                <thead><tr>
                    <th scope="col">{t.audit_when}</th>
                    <th scope="col">{t.audit_actor}</th>
                    <th scope="col">{t.audit_action}</th>
                    <th scope="col">{t.audit_record}</th>
                    <th scope="col">{t.audit_details}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        {next.map(|href| view! { <p><a class="button" href=href rel="next">{t.next_page}</a></p> })}
    }
}
