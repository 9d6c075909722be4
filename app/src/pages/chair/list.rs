use crate::api::chair::organiser_events;
use crate::components::loaded::loaded;
use crate::domain::dates::format_datetime;
use crate::domain::event::{EventStatus, EventView};
use crate::i18n::{use_lang, Texts};
use crate::pages::events::list::places_text;
use leptos::prelude::*;
use leptos_meta::Title;

pub fn event_status_text(t: &'static Texts, status: EventStatus) -> &'static str {
    match status {
        EventStatus::Draft => t.event_status_draft,
        EventStatus::Published => t.event_status_published,
        EventStatus::Closed => t.event_status_closed,
        EventStatus::Held => t.event_status_held,
        EventStatus::Cancelled => t.event_status_cancelled,
    }
}

#[component]
pub fn OrganiserPage() -> impl IntoView {
    let events = Resource::new(|| (), |_| organiser_events());
    loaded(events, |events| view! { <OrganiserList events/> })
}

#[component]
fn OrganiserList(events: Vec<EventView>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    let rows = events
        .into_iter()
        .map(|e| {
            let places = places_text(t, &e);
            view! {
                <tr>
                    <td><a href=format!("/chair/events/{}", e.id)>{e.title.get(lang)}</a></td>
                    <td>{format_datetime(lang, e.starts_at)}</td>
                    <td>{e.committee.name.get(lang)}</td>
                    <td><span class=format!("event-status-{}", e.status.code())>{event_status_text(t, e.status)}</span></td>
                    <td>{places}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <Title text=t.organiser_title/>
        <h1>{t.organiser_title}</h1>
        <p><a class="button primary" href="/chair/events/new">{t.event_new}</a></p>
        <table class="table">
            <thead><tr>
                <th scope="col">{t.events_title}</th>
                <th scope="col">{t.event_when}</th>
                <th scope="col">{t.nav_committees}</th>
                <th scope="col">{t.membership_status}</th>
                <th scope="col">{t.event_places}</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
