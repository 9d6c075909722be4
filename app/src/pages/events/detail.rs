//! One event: everything a participant needs, the caller's sign-up (with a cancel button), and
//! the sign-up form when they may sign up.

use crate::api::events::{load_event_page, CancelMySignup, EventDetails};
use crate::components::confirm::AskFirst;
use crate::components::form_errors::FormMessage;
use crate::components::loaded::loaded;
use crate::components::localized_text::LocalizedText;
use crate::components::photo::PhotoImage;
use crate::domain::dates::{format_datetime, format_event_time};
use crate::domain::event::EventStatus;
use crate::error::AppError;
use crate::i18n::use_lang;
use crate::pages::events::my_signups::ConfirmCancelMine;
use crate::pages::events::signup_form::SignupForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn EventPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let page = Resource::new(
        move || (params.read().get("id"), query.read().get("signed")),
        |(id, _)| async move {
            let id = id.and_then(|id| id.parse().ok()).ok_or(AppError::NotFound)?;
            load_event_page(id).await
        },
    );
    loaded(page, |page| view! { <EventDetail page/> })
}

#[component]
fn EventDetail(page: EventDetails) -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    let query = use_query_map();
    let e = page.event.clone();
    let signed = move || match query.read().get("signed").as_deref() {
        Some("confirmed") => Some(t.signup_confirmed_notice),
        Some("waiting") => Some(t.signup_waiting_notice),
        _ => None,
    };
    let cancel = ServerAction::<CancelMySignup>::new();
    let cancel_error = Signal::derive(move || cancel.value().get().and_then(Result::err));
    let title = e.title.get(lang);
    let facts = view! {
        <dl class="facts">
            <dt>{t.event_when}</dt>
            <dd>
                {format_event_time(lang, e.starts_at, Some(e.ends_at))}
                {(e.status != crate::domain::event::EventStatus::Draft).then(|| view! {
                    " " <a href=format!("/events/{}/calendar.ics?lang={}", e.id, lang.code())>{t.calendar_add_event}</a>
                })}
            </dd>
            <dt>{t.event_venue}</dt>
            <dd>{e.venue.clone()}</dd>
            <dt>{t.event_committee}</dt>
            <dd><a href=format!("/committees/{}", e.committee.slug)>{e.committee.name.get(lang)}</a></dd>
            {e.partner_city.clone().map(|c| view! {
                <dt>{t.event_city}</dt>
                <dd><a href=format!("/cities/{}", c.slug)>{c.name.get(lang)}</a></dd>
            })}
            <dt>{t.event_fee}</dt>
            <dd>{if e.fee_yen == 0 { t.event_free.to_string() } else { lang.yen(e.fee_yen) }}</dd>
            <dt>{t.event_places}</dt>
            <dd class="places">{format!("{} / {}", lang.places(&e), (t.event_capacity)(e.capacity))}</dd>
            <dt>{t.event_who}</dt>
            <dd>{if e.members_only { t.event_members_only } else { t.event_open_to_all }}
                {e.min_age.map(|a| format!(" · {}", (t.event_min_age)(a)))}</dd>
            {e.signup_closes_at.map(|c| view! { <dt>{t.event_signup_closes}</dt><dd>{format_datetime(lang, c)}</dd> })}
        </dl>
    };
    let mine = page.my_signup.clone().map(|s| {
        let status = lang.my_signup_status(&s);
        let people = s.people.join("、");
        view! {
            <section class="notice my-signup" aria-labelledby="my-signup">
                <h2 id="my-signup">{t.my_signup_heading}</h2>
                <p><strong class=format!("signup-{}", s.status.code())>{status}</strong>" · "{people}</p>
                <FormMessage error=cancel_error/>
                {s.cancellable.then(|| view! {
                    <AskFirst what=format!("cancel-{}", s.id) label=t.signup_cancel danger=true/>
                    <ConfirmCancelMine signup=s.clone() action=cancel/>
                })}
            </section>
        }
    });
    let how = if page.event.status == EventStatus::Cancelled {
        view! { <p class="notice">{format!("{} {}", t.event_cancelled, page.event.cancel_reason)}</p> }.into_any()
    } else if page.my_signup.is_some() {
        ().into_any()
    } else if !page.signup_open {
        view! { <p class="notice">{t.signup_not_open}</p> }.into_any()
    } else if !page.logged_in {
        view! { <p class="notice">{t.signup_login_first}" "<a href="/login">{t.nav_login}</a></p> }.into_any()
    } else if page.members_only_refused {
        view! { <p class="notice">{t.field_members_only}" "<a href="/join">{t.nav_join}</a></p> }.into_any()
    } else {
        match page.choices.clone() {
            Some(choices) => view! { <SignupForm event=page.event.clone() choices/> }.into_any(),
            None => ().into_any(),
        }
    };
    view! {
        <Title text=title.clone()/>
        <p class="breadcrumb"><a href="/events">{t.events_title}</a></p>
        <h1>{title}</h1>
        {move || signed().map(|text| view! { <p class="notice success" role="status">{text}</p> })}
        {page.can_organise.then(|| view! {
            <p><a class="button" href=format!("/chair/events/{}", e.id)>{t.organise_this_event}</a></p>
        })}
        {page.event.photo.clone().map(|photo| view! { <PhotoImage photo lazy=false/> })}
        {facts}
        <LocalizedText text=page.event.description.clone() class="description"/>
        {mine}
        {how}
    }
}
