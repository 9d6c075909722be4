//! The mail outbox: what the association sent (or will send once SMTP is configured).

use crate::api::outbox::{outbox, OutboxMail, OUTBOX_PAGE};
use crate::components::loaded::loaded;
use crate::domain::dates::format_datetime;
use crate::i18n::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn OutboxPage() -> impl IntoView {
    let query = use_query_map();
    let mails = Resource::new(move || query.read().get("before").and_then(|b| b.parse::<i64>().ok()), outbox);
    loaded(mails, |mails| view! { <OutboxList mails/> })
}

#[component]
fn OutboxList(mails: Vec<OutboxMail>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    let mut mails = mails;
    let empty = mails.is_empty();
    // The server sends one mail more than a page when older mails follow.
    let older = (mails.len() > OUTBOX_PAGE).then(|| {
        mails.truncate(OUTBOX_PAGE);
        mails.last().map(|m| format!("/admin/outbox?before={}", m.id))
    });
    let older = older.flatten();
    let items = mails
        .into_iter()
        .map(|m| {
            let state = if m.sent { t.outbox_sent } else { t.outbox_waiting };
            view! {
                <article class="mail">
                    <h2>{m.subject}</h2>
                    <p class="meta">{format!("{} · {} · {}", m.to_address, format_datetime(lang, m.created_at), state)}</p>
                    {(!m.last_error.is_empty()).then(|| view! {
                        <p class="form-error">{format!("{} ({}×): {}", t.outbox_failed, m.attempts, m.last_error)}</p>
                    })}
                    <pre class="mail-body">{m.body}</pre>
                    {(!m.attachments.is_empty()).then(|| view! {
                        <p class="meta">{(t.outbox_attachments)(&m.attachments.join(", "))}</p>
                    })}
                </article>
            }
        })
        .collect_view();
    view! {
        <Title text=t.outbox_title/>
        <h1>{t.outbox_title}</h1>
        <p class="lead">{t.outbox_lead}</p>
        {empty.then(|| view! { <p>{t.outbox_empty}</p> })}
        {items}
        {older.map(|href| view! { <p><a class="button" href=href rel="next">{t.outbox_older}</a></p> })}
    }
}
