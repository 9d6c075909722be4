//! The archive of sent newsletters (`/newsletters`, `/newsletters/{id}`): the public ones for
//! everyone, the members-only ones for logged-in members. Each in the reader's language when it
//! was written in it, else the other one, with a note.

use crate::api::newsletter_archive::{load_archived_newsletter, load_newsletter_archive};
use crate::components::loaded::loaded;
use crate::domain::dates::format_date;
use crate::domain::dates::japan_day;
use crate::domain::ids::NewsletterId;
use crate::domain::newsletter::ArchivedLetter;
use crate::i18n::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn NewsletterArchivePage() -> impl IntoView {
    let letters = Resource::new(|| (), |_| load_newsletter_archive());
    loaded(letters, |letters| view! { <Archive letters/> })
}

#[component]
fn Archive(letters: Vec<ArchivedLetter>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    let empty = letters.is_empty();
    let items = letters
        .into_iter()
        .map(|l| {
            let (_, subject, _) = l.letter.in_lang(lang);
            view! {
                <li>
                    <a href=format!("/newsletters/{}", l.id)>{subject.to_string()}</a>" "
                    <span class="hint">{format_date(lang, japan_day(l.sent_at))}</span>
                    {l.members_only.then(|| view! { " " <span class="badge">{t.archive_members_only}</span> })}
                </li>
            }
        })
        .collect_view();
    view! {
        <Title text=t.archive_title/>
        <h1>{t.archive_title}</h1>
        <p class="lead">{t.archive_lead}</p>
        {empty.then(|| view! { <p>{t.archive_none}</p> })}
        <ul class="archive-list">{items}</ul>
    }
}

#[component]
pub fn ArchivedNewsletterPage() -> impl IntoView {
    let params = use_params_map();
    let letter = Resource::new(
        move || params.read().get("id").and_then(|id| id.parse::<i64>().ok()).unwrap_or(0),
        |id| load_archived_newsletter(NewsletterId(id)),
    );
    loaded(letter, |letter| view! { <Archived letter/> })
}

#[component]
fn Archived(letter: ArchivedLetter) -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    let (written_in, subject, body) = letter.letter.in_lang(lang);
    let (subject, body) = (subject.to_string(), body.to_string());
    view! {
        <Title text=subject.clone()/>
        <p><a href="/newsletters">{t.archive_title}</a></p>
        <article lang=written_in.code()>
            <h1>{subject}</h1>
            <p class="hint">{(t.archive_sent_on)(&format_date(lang, japan_day(letter.sent_at)))}</p>
            {(written_in != lang).then(|| view! { <p class="notice">{t.archive_other_language}</p> })}
            <div class="letter-body">{body}</div>
        </article>
    }
}
