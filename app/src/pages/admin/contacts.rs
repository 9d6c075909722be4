//! Outside contact lists (`/admin/contacts`): each list with its contacts (how and when each
//! agreed; unsubscribed ones marked), a form to add one, a new list. Staff with `Newsletters`.

use crate::api::contacts::{load_contact_lists, AddContact, CreateContactList, RemoveContact};
use crate::components::fields::{SelectField, TextField};
use crate::components::form_errors::{errors_of, FormMessage};
use crate::components::loaded::loaded;
use crate::domain::contact::{Contact, ContactListsPage};
use crate::domain::dates::{format_date, japan_day};
use crate::i18n::{use_lang, Lang};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ContactListsPageView() -> impl IntoView {
    let query = use_query_map();
    let page = Resource::new(move || query.read().get("v"), |_| load_contact_lists());
    loaded(page, |page| view! { <ContactLists page/> })
}

#[component]
fn ContactLists(page: ContactListsPage) -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    let create = ServerAction::<CreateContactList>::new();
    let add = ServerAction::<AddContact>::new();
    let remove = ServerAction::<RemoveContact>::new();
    let create_error = errors_of(create);
    let add_error = errors_of(add);
    let remove_error = errors_of(remove);
    let ContactListsPage { lists, form } = page;
    let list_choices: Vec<(String, String)> =
        std::iter::once((String::new(), t.newsletter_audience_choose.to_string()))
            .chain(lists.iter().map(|l| (l.id.to_string(), l.name.clone())))
            .collect();
    let langs = [Lang::En, Lang::Ja].iter().map(|l| (l.code().to_string(), l.native_name().to_string())).collect();
    let name = |field: &str| format!("contact[{field}]");
    let has_lists = !lists.is_empty();
    let sections = lists
        .into_iter()
        .map(|list| {
            let empty = list.contacts.is_empty();
            view! {
                <section class="form-section">
                    <h2>{list.name.clone()}</h2>
                    {empty.then(|| view! { <p>{t.contacts_none}</p> })}
                    <ul class="statement-lines">
                        {list.contacts.into_iter().map(|c| view! { <ContactItem c remove/> }).collect_view()}
                    </ul>
                </section>
            }
        })
        .collect_view();
    view! {
        <Title text=t.contacts_title/>
        <p><a href="/chair/newsletters">{t.newsletters_title}</a></p>
        <h1>{t.contacts_title}</h1>
        <p class="lead">{t.contacts_lead}</p>
        <FormMessage error=remove_error/>
        {sections}
        {has_lists.then(|| view! {
            <section class="form-section">
                <h2>{t.contacts_add}</h2>
                <ActionForm action=add attr:class="form" attr:novalidate=true>
                    <FormMessage error=add_error/>
                    <SelectField field="list_id" name=name("list_id") label=t.contacts_list options=list_choices
                        selected=form.list_id.clone() error=add_error required=true/>
                    <TextField field="name" name=name("name") label=t.contacts_name value=form.name.clone() error=add_error required=true/>
                    <TextField field="organisation" name=name("organisation") label=t.contacts_organisation
                        value=form.organisation.clone() error=add_error/>
                    <TextField field="email" name=name("email") label=t.contacts_email kind="email" value=form.email.clone()
                        error=add_error required=true/>
                    <SelectField field="lang" name=name("lang") label=t.contacts_lang options=langs selected=form.lang.clone()
                        error=add_error/>
                    <TextField field="consent_source" name=name("consent_source") label=t.contacts_consent
                        value=form.consent_source.clone() error=add_error required=true hint=t.contacts_consent_hint/>
                    <button type="submit" class="button primary">{t.contacts_add_submit}</button>
                </ActionForm>
            </section>
        })}
        <section class="form-section">
            <h2>{t.contacts_new_list}</h2>
            <ActionForm action=create attr:class="form" attr:novalidate=true>
                <FormMessage error=create_error/>
                <TextField field="name" name="name".to_string() label=t.contacts_list_name value="" error=create_error
                    scope="list" required=true/>
                <button type="submit" class="button">{t.contacts_new_list_submit}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn ContactItem(c: Contact, remove: ServerAction<RemoveContact>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    let who = if c.organisation.is_empty() { c.name.clone() } else { format!("{}（{}）", c.name, c.organisation) };
    view! {
        <li class="statement-line">
            <p class="statement-credit"><strong>{who}</strong>" "<span>{c.email.clone()}</span>" "<span>{c.lang.native_name()}</span></p>
            <p class="hint">{(t.contacts_consent_shown)(&format_date(lang, japan_day(c.consent_at)), &c.consent_source)}</p>
            {c.unsubscribed_at.map(|at| view! { <p><strong>{(t.contacts_unsubscribed)(&format_date(lang, japan_day(at)))}</strong></p> })}
            <ActionForm action=remove attr:class="form inline">
                <input type="hidden" name="id" value=c.id.to_string()/>
                <button type="submit" class="button danger">{t.contacts_remove}</button>
            </ActionForm>
        </li>
    }
}
