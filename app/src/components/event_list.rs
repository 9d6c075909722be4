//! A plain list of events (date, title, places), used on committee and city pages.

use crate::domain::dates::format_event_time;
use crate::domain::event::EventView;
use crate::i18n::use_lang;
use leptos::prelude::*;

#[component]
pub fn EventList(events: Vec<EventView>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    if events.is_empty() {
        return view! { <p>{t.events_none}</p> }.into_any();
    }
    let items = events
        .into_iter()
        .map(|e| {
            let places = lang.places(&e);
            view! {
                <li>
                    <span class="meta">{format_event_time(lang, e.starts_at, Some(e.ends_at))}</span>" "
                    <a href=format!("/events/{}", e.id)>{e.title.get(lang)}</a>
                    <span class="meta">" · "{places}</span>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="event-list">{items}</ul> }.into_any()
}
