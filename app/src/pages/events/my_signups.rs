//! "My sign-ups": upcoming and past, with status and a cancel button.

use crate::api::calendar::{load_calendar_feed, CalendarFeed, RenewCalendarFeed};
use crate::api::events::{load_my_signups, CancelMySignup};
use crate::components::confirm::{AskFirst, Confirmation};
use crate::components::form_errors::FormMessage;
use crate::components::loaded::loaded;
use crate::domain::dates::{format_datetime, format_event_time};
use crate::domain::signup::MySignup;
use crate::i18n::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn MySignupsPage() -> impl IntoView {
    let query = use_query_map();
    let list = Resource::new(move || query.read().get("cancelled"), |_| load_my_signups());
    // Made here, once: the new address is taken from the session by the one call that shows it.
    let feed = Resource::new(move || query.read().get("calendar"), |_| load_calendar_feed());
    view! {
        {loaded(list, |list| view! { <SignupList list/> })}
        {loaded(feed, |feed| view! { <CalendarFeedView feed/> })}
    }
}

#[component]
fn SignupList(list: Vec<MySignup>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    let query = use_query_map();
    let cancelled = move || query.read().get("cancelled").is_some();
    let action = ServerAction::<CancelMySignup>::new();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    let confirmations = list
        .iter()
        .filter(|s| s.cancellable)
        .map(|s| view! { <ConfirmCancelMine signup=s.clone() action/> })
        .collect_view();
    let (upcoming, past): (Vec<_>, Vec<_>) = list.into_iter().partition(|s| s.upcoming);
    let rows = move |items: Vec<MySignup>| {
        items
            .into_iter()
            .map(|s| {
                let status = lang.my_signup_status(&s);
                view! {
                    <tr>
                        <td class="name"><a href=format!("/events/{}", s.event_id)>{s.event_title.get(lang)}</a></td>
                        <td data-label=t.event_when>{format_event_time(lang, s.starts_at, None)}</td>
                        <td data-label=t.status_column><span class=format!("signup-{}", s.status.code())>{status}</span></td>
                        <td data-label=t.signup_people>{s.people.join("、")}</td>
                        <td>{s.cancellable.then(|| view! {
                            <AskFirst what=format!("cancel-{}", s.id) label=t.signup_cancel danger=true/>
                        })}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    let table = move |items: Vec<MySignup>| {
        view! {
            <table class="table cards">
                <thead><tr>
                    <th scope="col">{t.events_title}</th>
                    <th scope="col">{t.event_when}</th>
                    <th scope="col">{t.status_column}</th>
                    <th scope="col">{t.signup_people}</th>
                    <th scope="col"><span class="visually-hidden">{t.signup_cancel}</span></th>
                </tr></thead>
                <tbody>{rows(items)}</tbody>
            </table>
        }
    };
    view! {
        <Title text=t.my_signups_title/>
        <h1>{t.my_signups_title}</h1>
        {move || cancelled().then(|| view! { <p class="notice success" role="status">{t.signup_cancelled_notice}</p> })}
        <FormMessage error/>
        {confirmations}
        <h2>{t.my_signups_upcoming}</h2>
        {if upcoming.is_empty() { view! { <p>{t.my_signups_none}</p> }.into_any() } else { table(upcoming).into_any() }}
        <h2>{t.my_signups_past}</h2>
        {if past.is_empty() { view! { <p>{t.my_signups_none}</p> }.into_any() } else { table(past).into_any() }}
    }
}

/// The member's own calendar feed: make (or make again) its secret address, shown once.
#[component]
fn CalendarFeedView(feed: CalendarFeed) -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    let renew = ServerAction::<RenewCalendarFeed>::new();
    let error = Signal::derive(move || renew.value().get().and_then(Result::err));
    let CalendarFeed { made_at, new_url, public_url } = feed;
    let label = if made_at.is_some() { t.calendar_renew } else { t.calendar_make };
    view! {
        <section class="form-section" id="calendar">
            <h2>{t.calendar_heading}</h2>
            <p>{t.calendar_lead}</p>
            <FormMessage error/>
            {new_url.map(|url| view! {
                <div class="notice success" role="status">
                    <label for="calendar-url">{t.calendar_new_label}</label>
                    <input id="calendar-url" type="text" readonly value=url class="calendar-url"/>
                    <p class="hint">{t.calendar_new_hint}</p>
                </div>
            })}
            {made_at.map(|at| view! { <p class="hint">{(t.calendar_made_on)(&format_datetime(lang, at))}</p> })}
            <ActionForm action=renew attr:class="form">
                <button type="submit" class="button">{label}</button>
            </ActionForm>
            <p><a href=public_url>{t.calendar_public}</a></p>
        </section>
    }
}

/// The question before cancelling one's own sign-up, shown when its "cancel" link was followed.
#[component]
pub fn ConfirmCancelMine(signup: MySignup, action: ServerAction<CancelMySignup>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    let question =
        (t.confirm_cancel_signup)(&signup.event_title.get(lang), &format_event_time(lang, signup.starts_at, None));
    let id = signup.id;
    view! {
        <Confirmation what=format!("cancel-{id}") question consequence=t.confirm_cancel_signup_consequence>
            <ActionForm action=action attr:class="form inline">
                <input type="hidden" name="signup_id" value=id.to_string()/>
                <button type="submit" class="button danger">{t.confirm_cancel_signup_submit}</button>
            </ActionForm>
        </Confirmation>
    }
}
