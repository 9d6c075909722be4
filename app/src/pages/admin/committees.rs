//! The committee register (`/admin/committees`) and one committee's form (`/admin/committees/new`,
//! `/admin/committees/{slug}/edit`): names and descriptions in Japanese and English, retirement.

use crate::api::committees_admin::{load_committee_form, load_committee_register, RegisterEntry, SaveCommittee};
use crate::components::fields::TextField;
use crate::components::form_errors::{FieldMessage, FormMessage};
use crate::components::loaded::loaded;
use crate::domain::committee_form::CommitteeForm;
use crate::domain::dates::format_date;
use crate::i18n::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn CommitteesAdminPage() -> impl IntoView {
    let page = Resource::new(|| (), |_| load_committee_register());
    loaded(page, |entries| view! { <Register entries/> })
}

#[component]
fn Register(entries: Vec<RegisterEntry>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    let saved = use_query_map().read_untracked().get("saved").is_some();
    let rows = entries
        .into_iter()
        .map(|entry| {
            let c = entry.committee;
            view! {
                <tr>
                    <td><a href=format!("/admin/committees/{}/edit", c.slug)>{c.name.ja.clone()}</a></td>
                    <td>{c.name.en.clone()}</td>
                    <td>{match entry.retired_on {
                        Some(day) => (t.committee_retired_on)(&format_date(lang, day)),
                        None => t.committee_on_offer.to_string(),
                    }}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <Title text=t.committees_admin_title/>
        <h1>{t.committees_admin_title}</h1>
        <p class="lead">{t.committees_admin_lead}</p>
        {saved.then(|| view! { <p class="notice success" role="status">{t.admin_done}</p> })}
        <table class="table cards">
            <thead><tr>
                <th scope="col">{t.committee_name_ja}</th>
                <th scope="col">{t.committee_name_en}</th>
                <th scope="col">{t.status_column}</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
        <p><a class="button primary" href="/admin/committees/new">{t.committee_new}</a></p>
    }
}

#[component]
pub fn CommitteeEditorPage() -> impl IntoView {
    let params = use_params_map();
    let form = Resource::new(move || params.read().get("slug").unwrap_or_default(), load_committee_form);
    loaded(form, |form| view! { <CommitteeEditor form/> })
}

#[component]
fn CommitteeEditor(form: CommitteeForm) -> impl IntoView {
    let t = use_lang().t();
    let action = ServerAction::<SaveCommittee>::new();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    let original = form.slug.clone();
    let title = if original.is_empty() { t.committee_new.to_string() } else { form.name_ja.clone() };
    let field = |name: &str| format!("committee[{name}]");
    view! {
        <Title text=title.clone()/>
        <p><a href="/admin/committees">{t.committees_admin_title}</a></p>
        <h1>{title}</h1>
        <ActionForm action=action attr:class="form wide" attr:novalidate=true>
            <FormMessage error/>
            <input type="hidden" name="original" value=original/>
            <TextField field="slug" name=field("slug") label=t.committee_slug hint=t.committee_slug_hint value=form.slug.clone()
                error required=true/>
            <TextField field="name_ja" name=field("name_ja") label=t.committee_name_ja value=form.name_ja.clone() error required=true/>
            <TextField field="name_en" name=field("name_en") label=t.committee_name_en value=form.name_en.clone() error required=true/>
            <TextField field="summary_ja" name=field("summary_ja") label=t.committee_summary_ja value=form.summary_ja.clone() error/>
            <TextField field="summary_en" name=field("summary_en") label=t.committee_summary_en value=form.summary_en.clone() error/>
            <div class="field">
                <label for="f-description_ja">{t.committee_description_ja}</label>
                <textarea id="f-description_ja" name=field("description_ja") rows="6">{form.description_ja.clone()}</textarea>
                <FieldMessage error field="description_ja"/>
            </div>
            <div class="field">
                <label for="f-description_en">{t.committee_description_en}</label>
                <textarea id="f-description_en" name=field("description_en") rows="6">{form.description_en.clone()}</textarea>
                <FieldMessage error field="description_en"/>
            </div>
            <label class="choice" for="f-retired">
                <input id="f-retired" type="checkbox" name=field("retired") value="yes" checked=form.retired.is_some()/>
                <span>{t.committee_retired}</span>
            </label>
            <p class="hint">{t.committee_retired_hint}</p>
            <button type="submit" class="button primary">{t.profile_submit}</button>
        </ActionForm>
    }
}
