//! Announcements and newsletters (`/chair/newsletters`): the caller's messages (the secretariat:
//! all; a chair: their committees'), each with its state and progress, and the form for a new one.

use super::newsletter_form::{audience_label, NewsletterFields};
use crate::api::newsletters::{load_newsletters, CreateNewsletter};
use crate::components::form_errors::{errors_of, FormMessage};
use crate::components::loaded::loaded;
use crate::domain::dates::format_datetime;
use crate::domain::newsletter::{NewslettersPage, Status};
use crate::i18n::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn NewslettersPageView() -> impl IntoView {
    let query = use_query_map();
    let page = Resource::new(move || query.read().get("v"), |_| load_newsletters());
    loaded(page, |page| view! { <Newsletters page/> })
}

#[component]
fn Newsletters(page: NewslettersPage) -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    let create = ServerAction::<CreateNewsletter>::new();
    let error = errors_of(create);
    let deleted = use_query_map().read_untracked().get("deleted").is_some();
    let NewslettersPage { rows, options, form } = page;
    let empty = rows.is_empty();
    let items = rows
        .into_iter()
        .map(|row| {
            let p = row.progress;
            view! {
                <li class="statement-line">
                    <p class="statement-credit">
                        <a href=format!("/chair/newsletters/{}", row.id)><strong>{row.subject(lang).to_string()}</strong></a>" "
                        <span class=format!("newsletter-status-{}", row.status.code())>{lang.newsletter_status(row.status)}</span>
                    </p>
                    <p>{audience_label(&options, &row.audience, lang)}</p>
                    <p class="hint">
                        {match row.sent_at {
                            Some(at) => (t.newsletter_sent_on)(&format_datetime(lang, at)),
                            None => (t.newsletter_written_on)(&format_datetime(lang, row.created_at)),
                        }}
                        {(row.status != Status::Draft).then(|| format!(" {}", (t.newsletter_progress)(p.queued, p.delivered, p.by_post)))}
                    </p>
                </li>
            }
        })
        .collect_view();
    view! {
        <Title text=t.newsletters_title/>
        <p><a href="/chair">{t.organiser_title}</a></p>
        <h1>{t.newsletters_title}</h1>
        <p class="lead">{t.newsletters_lead}</p>
        {deleted.then(|| view! { <p class="notice success" role="status">{t.newsletter_deleted}</p> })}
        <section class="form-section">
            <h2>{t.newsletters_list}</h2>
            {empty.then(|| view! { <p>{t.newsletters_none}</p> })}
            <ul class="statement-lines">{items}</ul>
        </section>
        <section class="form-section">
            <h2>{t.newsletter_new}</h2>
            <ActionForm action=create attr:class="form" attr:novalidate=true>
                <FormMessage error/>
                <NewsletterFields form options error/>
                <button type="submit" class="button primary">{t.newsletter_create}</button>
            </ActionForm>
        </section>
    }
}
