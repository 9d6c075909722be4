use crate::api::chair::organiser_events;
use crate::components::loaded::loaded;
use crate::domain::dates::format_event_time;
use crate::domain::event::EventView;
use crate::i18n::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;

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
            let places = lang.places(&e);
            view! {
                <tr>
                    <td><a href=format!("/chair/events/{}", e.id)>{e.title.get(lang)}</a></td>
                    <td>{format_event_time(lang, e.starts_at, Some(e.ends_at))}</td>
                    <td>{e.committee.name.get(lang)}</td>
                    <td><span class=format!("event-status-{}", e.status.code())>{lang.event_status(e.status)}</span></td>
                    <td>{places}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <Title text=t.organiser_title/>
        <h1>{t.organiser_title}</h1>
        <p class="actions">
            <a class="button primary" href="/chair/events/new">{t.event_new}</a>
            " "
            <a class="button" href="/chair/newsletters">{t.newsletters_title}</a>
        </p>
        <table class="table">
            <thead><tr>
                <th scope="col">{t.events_title}</th>
                <th scope="col">{t.event_when}</th>
                <th scope="col">{t.event_committee}</th>
                <th scope="col">{t.status_column}</th>
                <th scope="col">{t.event_places}</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
