use crate::api::cities::{city_agreements, city_events};
use crate::api::cities::{get_partner_city, list_partner_cities};
use crate::components::agreements::AgreementList;
use crate::components::card_heading::CardHeading;
use crate::components::event_list::EventList;
use crate::components::loaded::loaded;
use crate::components::localized_text::LocalizedText;
use crate::components::photo::PhotoImage;
use crate::domain::city::PartnerCity;
use crate::i18n::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// A partner city in a list: name, kind, status, place and one line about it. Its name is an `h2`
/// on a page of its own, an `h3` when the list sits under a section heading.
#[component]
pub fn CityCard(city: PartnerCity, #[prop(optional)] under_section: bool) -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    let agreed = city.agreed_on.map(|date| format!("{} {}", t.city_agreed_label, date.format(lang)));
    view! {
        <article class="card city-card">
            {city.photo.clone().map(|photo| view! { <PhotoImage photo lazy=true/> })}
            <CardHeading href=format!("/cities/{}", city.slug) title=city.name.get(lang) under_section/>
            <p class="badges">
                <span class=format!("badge kind-{}", city.kind.code())>{lang.city_kind(city.kind)}</span>
                <span class=format!("badge status-{}", city.status.code())>{lang.city_status(city.status)}</span>
            </p>
            <p class="meta">
                {(t.city_location)(&city.region.get(lang), &city.country.get(lang))}
                {agreed.map(|agreed| view! { " ・ " <span class="nowrap">{agreed}</span> })}
            </p>
            <LocalizedText text=city.summary/>
        </article>
    }
}

#[component]
pub fn CitiesPage() -> impl IntoView {
    let t = use_lang().t();
    let cities = Resource::new(|| (), |_| list_partner_cities());
    loaded(cities, move |cities| {
        view! {
            <Title text=t.cities_title/>
            <h1>{t.cities_title}</h1>
            <p class="lead">{t.cities_lead}</p>
            <div class="card-grid">
                {cities.into_iter().map(|city| view! { <CityCard city/> }).collect_view()}
            </div>
        }
    })
}

#[component]
pub fn CityPage() -> impl IntoView {
    let params = use_params_map();
    let city = Resource::new(move || params.read().get("slug").unwrap_or_default(), get_partner_city);
    loaded(city, |city| view! { <CityDetail city/> })
}

#[component]
fn CityDetail(city: PartnerCity) -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    let name = city.name.get(lang);
    let other_name = city.name.get(lang.other());
    let agreed = city.agreed_on.map(|date| {
        view! {
            <dt>{t.city_agreed_label}</dt>
            <dd>{date.format(lang)}</dd>
        }
    });
    let site = city.official_url.clone().map(|url| {
        let href = url.clone();
        view! {
            <dt>{t.city_official_site}</dt>
            <dd><a href=href rel="noopener noreferrer external">{url}</a></dd>
        }
    });
    view! {
        <Title text=name.clone()/>
        <p class="breadcrumb"><a href="/cities">{t.city_all_cities}</a></p>
        <article class="detail city-detail">
            <h1>
                {name}
                <span class="other-name" lang=lang.other().code()>{other_name}</span>
            </h1>
            <LocalizedText text=city.summary.clone() class="lead"/>
            {city.photo.clone().map(|photo| view! { <PhotoImage photo lazy=false/> })}
            <dl class="facts">
                <dt>{t.city_kind_label}</dt>
                <dd>{lang.city_kind(city.kind)}</dd>
                <dt>{t.city_status_label}</dt>
                <dd>{lang.city_status(city.status)}</dd>
                {agreed}
                <dt>{t.city_region_label}</dt>
                <dd>{(t.city_location)(&city.region.get(lang), &city.country.get(lang))}</dd>
                {site}
            </dl>
            <LocalizedText text=city.description/>
        </article>
        <CityAgreements slug=city.slug.clone()/>
        <CityHistory slug=city.slug.clone()/>
    }
}

/// Every agreement with the city (ties, disaster mutual aid, others).
#[component]
fn CityAgreements(slug: String) -> impl IntoView {
    let t = use_lang().t();
    let agreements = Resource::new(move || slug.clone(), city_agreements);
    view! {
        <section class="city-agreements" id="agreements">
            <h2>{t.agreements_heading}</h2>
            {loaded(agreements, |agreements| view! { <AgreementList agreements/> })}
        </section>
    }
}

/// The exchange history: events held with this city, newest first.
#[component]
fn CityHistory(slug: String) -> impl IntoView {
    let t = use_lang().t();
    let events = Resource::new(move || slug.clone(), city_events);
    view! {
        <section class="city-history">
            <h2>{t.city_history_heading}</h2>
            {loaded(events, |events| view! { <EventList events/> })}
        </section>
    }
}
