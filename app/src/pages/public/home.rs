use super::cities::CityCard;
use super::committees::CommitteeCard;
use crate::api::events::{list_events, EventFilter};
use crate::api::{cities::list_partner_cities, committees::list_committees};
use crate::components::contact::ContactDetails;
use crate::components::event_list::EventList;
use crate::components::layout::Association;
use crate::components::loaded::loaded;
use crate::domain::event::EventStatus;
use crate::i18n::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;

/// What the association is (from the city's own account of its founding), its partner cities and
/// committees, and the way in.
#[component]
pub fn HomePage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    // Two resources: both start at once, and each part of the page shows as soon as it can.
    let cities = Resource::new(|| (), |_| list_partner_cities());
    let committees = Resource::new(|| (), |_| list_committees());
    let events = Resource::new(|| (), |_| list_events(EventFilter::default()));
    let news = Resource::new(|| (), |_| crate::api::news::load_news(Some(3)));
    let contact = use_context::<Association>().unwrap_or_else(Association::provide).0;
    let query = leptos_router::hooks::use_query_map();
    let withdrawn = move || query.read().get("withdrawn").is_some();
    view! {
        <Title text=t.home_title/>
        {move || withdrawn().then(|| view! { <p class="notice success" role="status">{t.withdrawn_notice}</p> })}
        <section class="hero">
            {loaded(contact, move |c| {
                let name = c.name.get(lang);
                view! {
                    <h1>{name.clone()}</h1>
                    <p class="lead">{(t.home_lead)(&name)}</p>
                }
            })}
        </section>
        <section>
            <h2>{t.home_next_events_heading}</h2>
            {loaded(events, |list| {
                // The next three; the events page has the rest.
                let next = list.events.into_iter().filter(|e| e.status != EventStatus::Cancelled).take(3).collect();
                view! { <EventList events=next/> }
            })}
            <p><a href="/events">{t.home_all_events}</a></p>
        </section>
        <section>
            <h2>{t.news_latest}</h2>
            {loaded(news, |posts| view! { <crate::pages::public::news::NewsList posts/> })}
            <p><a href="/news">{t.news_all}</a></p>
        </section>
        <section>
            <h2>{t.home_roles_heading}</h2>
            <ul class="roles">
                <li>{t.home_role_information}</li>
                <li>{t.home_role_opportunities}</li>
                <li>{t.home_role_promotion}</li>
            </ul>
        </section>
        <section>
            <h2>{t.home_cities_heading}</h2>
            <p>{t.home_cities_lead}</p>
            {loaded(cities, |cities| view! {
                <div class="card-grid">
                    {cities.into_iter().map(|city| view! { <CityCard city under_section=true/> }).collect_view()}
                </div>
            })}
        </section>
        <section>
            <h2>{t.home_committees_heading}</h2>
            <p>{t.home_committees_lead}</p>
            {loaded(committees, |committees| view! {
                <div class="card-grid">
                    {committees
                        .into_iter()
                        .map(|committee| view! { <CommitteeCard committee under_section=true/> })
                        .collect_view()}
                </div>
            })}
        </section>
        <section>
            <h2>{t.home_history_heading}</h2>
            <p>{t.home_history_body}</p>
        </section>
        <section class="call-to-action">
            <h2>{t.home_join_heading}</h2>
            <p>{t.home_join_body}</p>
            <p><a class="button primary" href="/join">{t.nav_join}</a></p>
        </section>
        <section id="contact">
            <h2>{t.contact_heading}</h2>
            {loaded(contact, |contact| view! { <ContactDetails contact/> })}
        </section>
    }
}
