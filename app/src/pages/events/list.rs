use crate::api::events::{list_events, EventFilter, EventList};
use crate::components::loaded::loaded;
use crate::components::photo::PhotoImage;
use crate::domain::dates::format_event_time;
use crate::i18n::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn EventsPage() -> impl IntoView {
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        let q = query.read();
        EventFilter {
            committee: q.get("committee").unwrap_or_default(),
            city: q.get("city").unwrap_or_default(),
            past: q.get("past").unwrap_or_default(),
            page: q.get("page").unwrap_or_default(),
        }
    });
    let list = Resource::new(move || filter.get(), list_events);
    loaded(list, move |list| view! { <EventListView list filter=filter.get_untracked()/> })
}

#[component]
fn EventListView(list: EventList, filter: EventFilter) -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    let past = filter.past == "1";
    let option = |value: String, label: String, selected: &str| {
        let is = value == selected;
        view! { <option value=value selected=is>{label}</option> }
    };
    let committees = std::iter::once(option(String::new(), t.filter_any.into(), &filter.committee))
        .chain(list.committees.iter().map(|c| option(c.slug.clone(), c.name.get(lang), &filter.committee)))
        .collect_view();
    let cities = std::iter::once(option(String::new(), t.filter_any.into(), &filter.city))
        .chain(list.cities.iter().map(|c| option(c.slug.clone(), c.name.get(lang), &filter.city)))
        .collect_view();
    let empty = list.events.is_empty();
    let (page, pages, total) = (list.page, list.pages(), list.total);
    let pager = (pages > 1).then(|| {
        let at = |page: i64| filter.href(page);
        view! {
            <nav class="pager" aria-label=t.events_pages_label>
                {(page > 1).then(|| view! { <a class="button" href=at(page - 1) rel="prev">{t.previous_page}</a> })}
                <span class="pager-where">{(t.events_page_of)(page, pages)}</span>
                {(page < pages).then(|| view! { <a class="button" href=at(page + 1) rel="next">{t.next_page}</a> })}
            </nav>
        }
    });
    let cards = list
        .events
        .into_iter()
        .map(|e| {
            let places = lang.places(&e);
            let city = e.partner_city.as_ref().map(|c| c.name.get(lang));
            view! {
                <article class="card event-card">
                    {e.photo.clone().map(|photo| view! { <PhotoImage photo lazy=true/> })}
                    <h2 class="card-title"><a href=format!("/events/{}", e.id)>{e.title.get(lang)}</a></h2>
                    <p class="meta">{format_event_time(lang, e.starts_at, Some(e.ends_at))}" · "{e.venue.clone()}</p>
                    <p class="badges">
                        <span class="badge">{e.committee.name.get(lang)}</span>
                        {city.map(|c| view! { <span class="badge kind-sister">{c}</span> })}
                        <span class={if e.places_left > 0 { "badge places" } else { "badge full" }}>{places}</span>
                    </p>
                </article>
            }
        })
        .collect_view();
    view! {
        <Title text={if past { t.events_past_title } else { t.events_title }}/>
        <h1>{if past { t.events_past_title } else { t.events_title }}</h1>
        <p class="lead">{t.events_lead}</p>
        <form method="get" action="/events" class="filters">
            <div class="field"><label for="committee">{t.event_committee}</label>
                <select id="committee" name="committee">{committees}</select></div>
            <div class="field"><label for="city">{t.event_city}</label>
                <select id="city" name="city">{cities}</select></div>
            {past.then(|| view! { <input type="hidden" name="past" value="1"/> })}
            <button type="submit" class="button primary">{t.filter_submit}</button>
        </form>
        <p>
            {if past {
                view! { <a href="/events">{t.events_upcoming_link}</a> }
            } else {
                view! { <a href="/events?past=1">{t.events_past_link}</a> }
            }}
        </p>
        {if empty {
            view! { <p>{t.events_none}</p> }.into_any()
        } else {
            view! { <p class="result-count">{(t.events_count)(total)}</p> }.into_any()
        }}
        <div class="card-grid">{cards}</div>
        {pager}
    }
}
