//! One event for its organisers: state changes, participants and waiting list (only the fields
//! the job needs), attendance, the participants' CSV, and sign-ups entered for members.

use super::attendance::AttendanceMarks;
use crate::api::chair::{
    load_event_participants, CancelEvent, ChairCancelSignup, MarkAttendance, ParticipantList, SetEventStatus,
    SignUpForMember,
};
use crate::components::confirm::{AskFirst, Confirmation};
use crate::components::fields::{SelectField, TextField};
use crate::components::form_errors::{errors_of, FieldMessage, FormMessage};
use crate::components::hydration::IslandScripts;
use crate::components::loaded::loaded;
use crate::domain::dates::{format_date, format_event_time, japan_day};
use crate::domain::event::EventStatus;
use crate::domain::signup::{ConsentMethod, SignupStatus};
use crate::error::AppError;
use crate::i18n::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// A card cell's column name (phones), only for a cell with something in it: an empty cell shows
/// nothing at all rather than a name with no value.
fn labelled(shown: bool, label: &'static str) -> Option<&'static str> {
    shown.then_some(label)
}

#[component]
pub fn ChairEventPage() -> impl IntoView {
    let params = use_params_map();
    let list = Resource::new(
        move || params.read().get("id"),
        |id| async move {
            let id = id.and_then(|id| id.parse().ok()).ok_or(AppError::NotFound)?;
            load_event_participants(id).await
        },
    );
    loaded(list, move |list| view! { <ChairEvent list/> })
}

/// The page is server-rendered HTML: each form posts and the page comes back with the answer (a
/// refusal read from the address by its action), except the attendance marks, an island.
#[component]
fn ChairEvent(list: ParticipantList) -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    let query = use_query_map();
    let e = list.event.clone();
    let id = e.id;
    let done = move || query.read().get("done").is_some().then_some(t.admin_done);
    let status_action = ServerAction::<SetEventStatus>::new();
    let status_error = errors_of(status_action);
    let cancel_event = ServerAction::<CancelEvent>::new();
    let cancel_error = errors_of(cancel_event);
    let attendance = ServerAction::<MarkAttendance>::new();
    let cancel_signup = ServerAction::<ChairCancelSignup>::new();
    let on_behalf = ServerAction::<SignUpForMember>::new();
    let attendance_open = list.attendance_open;
    let moves: Vec<(EventStatus, &'static str)> = [
        (EventStatus::Published, if e.status == EventStatus::Draft { t.event_publish } else { t.event_reopen }),
        (EventStatus::Closed, t.event_close),
        (EventStatus::Held, t.event_mark_held),
    ]
    .into_iter()
    .filter(|(next, _)| e.status.may_become(*next))
    .collect();
    let move_to = move |next: EventStatus, label: &'static str| {
        view! {
            <ActionForm action=status_action attr:class="form inline">
                <input type="hidden" name="id" value=id.to_string()/>
                <input type="hidden" name="status" value=next.code()/>
                <button type="submit" class="button primary">{label}</button>
            </ActionForm>
        }
    };
    let may_be_held = moves.iter().any(|(next, _)| *next == EventStatus::Held);
    // Marking an event held cannot be undone: it asks first (the question is below the buttons).
    let moves = moves
        .into_iter()
        .map(|(next, label)| match next {
            EventStatus::Held => view! { <AskFirst what="held" label/> }.into_any(),
            _ => move_to(next, label).into_any(),
        })
        .collect_view();
    let held_question = may_be_held.then(|| {
        view! {
            <Confirmation what="held" question=t.confirm_mark_held consequence=t.confirm_mark_held_consequence>
                {move_to(EventStatus::Held, t.event_mark_held)}
            </Confirmation>
        }
    });
    // A chair may cancel someone's sign-up while the event takes sign-ups (published or closed).
    let may_cancel = matches!(e.status, EventStatus::Published | EventStatus::Closed);
    let signup_cancel_error = errors_of(cancel_signup);
    let attendance_error = errors_of(attendance);
    let cancel_questions = list
        .participants
        .iter()
        .filter(|p| may_cancel && p.status != SignupStatus::Cancelled)
        .map(|p| {
            let signup_id = p.signup_id;
            let name = p.people.first().map(|person| person.full_name.clone()).unwrap_or_default();
            view! {
                <Confirmation what=format!("cancel-{signup_id}") question=(t.confirm_chair_cancel)(&name) consequence=t.confirm_chair_cancel_consequence>
                    <FormMessage error=signup_cancel_error/>
                    <ActionForm action=cancel_signup attr:class="form inline">
                        <input type="hidden" name="signup_id" value=signup_id.to_string()/>
                        <button type="submit" class="button danger">{t.confirm_cancel_signup_submit}</button>
                    </ActionForm>
                </Confirmation>
            }
        })
        .collect_view();
    let questions = e.questions.clone();
    let rows = list
        .participants
        .iter()
        .flat_map(|p| {
            let status = match p.reminded_at {
                Some(at) => format!("{} {}", lang.signup_status(p.status, p.waiting_position), (t.reminded_on)(&crate::domain::dates::format_datetime(lang, at))),
                None => lang.signup_status(p.status, p.waiting_position),
            };
            let confirmed = p.status == SignupStatus::Confirmed;
            let signup_id = p.signup_id;
            let consent = lang.consent(p.consent_method);
            let phone = p.phone.clone();
            let count = p.people.len();
            let questions = questions.clone();
            p.people.clone().into_iter().enumerate().map(move |(n, person)| {
                let answers = questions
                    .iter()
                    .map(|q| {
                        let answer = person.answers.get(&q.key).map(String::as_str).unwrap_or_default();
                        let shown = q.choice(answer).map(|c| c.get(lang)).unwrap_or_else(|| answer.to_string());
                        format!("{}: {shown}", q.label.get(lang))
                    })
                    .collect::<Vec<_>>()
                    .join(" / ");
                let minor = if person.minor {
                    if person.guardian_consent { t.minor_with_consent } else { t.minor_without_consent }
                } else {
                    ""
                };
                let first = n == 0;
                view! {
                    <tr id=format!("person-{}", person.id) class={if first { "first" } else { "companion" }}>
                        <td data-label=labelled(first, t.status_column)>{if first { status.clone() } else { String::new() }}</td>
                        <td data-label=t.profile_full_name class="name">{person.full_name.clone()}</td>
                        <td data-label=labelled(!person.name_reading.is_empty(), t.profile_name_reading)>{person.name_reading.clone()}</td>
                        <td data-label=labelled(first && !phone.is_empty(), t.profile_phone) class="nowrap">{if first { phone.clone() } else { String::new() }}</td>
                        <td data-label=labelled(first, t.signup_people)>{if first { format!("{count}") } else { String::new() }}</td>
                        <td data-label=labelled(!answers.is_empty(), t.event_questions)>{answers.clone()}</td>
                        <td data-label=labelled(!minor.is_empty(), t.minor_column)>{minor}</td>
                        <td data-label=labelled(first, t.consent_column)>{if first { consent } else { "" }}</td>
                        <td data-label=t.attendance_column class="attendance">
                            {if attendance_open && confirmed {
                                view! {
                                    <AttendanceMarks
                                        event_id=id
                                        person_id=person.id
                                        current=person.attended
                                        yes=t.attended_yes.to_string()
                                        no=t.attended_no.to_string()
                                        failed=t.error_internal_body.to_string()
                                    />
                                }
                                .into_any()
                            } else {
                                lang.attended(person.attended).into_any()
                            }}
                        </td>
                        <td class="row-actions">{(first && may_cancel).then(|| view! {
                            <AskFirst what=format!("cancel-{signup_id}") label=t.signup_cancel danger=true/>
                        })}</td>
                    </tr>
                }
            })
        })
        .collect_view();
    let open = !matches!(e.status, EventStatus::Cancelled | EventStatus::Held);
    view! {
        <Title text=e.title.get(lang)/>
        <p class="breadcrumb"><a href="/chair">{t.organiser_title}</a></p>
        <h1>{e.title.get(lang)}</h1>
        {move || done().map(|text| view! { <p class="notice success" role="status">{text}</p> })}
        <dl class="facts">
            <dt>{t.status_column}</dt>
            <dd><span class=format!("event-status-{}", e.status.code())>{lang.event_status(e.status)}</span></dd>
            <dt>{t.event_when}</dt>
            <dd>{format_event_time(lang, e.starts_at, Some(e.ends_at))}</dd>
            <dt>{t.event_places}</dt>
            <dd class="places">{lang.places(&e)}</dd>
        </dl>
        <FormMessage error=status_error/>
        <div class="actions">
            {moves}
            {open.then(|| view! { <a class="button" href=format!("/chair/events/{id}/edit")>{t.event_edit}</a> })}
            {e.status.is_public().then(|| view! { <a class="button" href=format!("/events/{id}")>{t.event_public_page}</a> })}
            <a class="button" href=format!("/chair/events/{id}/participants.csv") download="">{t.event_csv}</a>
        </div>
        {held_question}
        <h2>{t.participants_heading}</h2>
        <FormMessage error=attendance_error/>
        {cancel_questions}
        {(!attendance_open && e.status != EventStatus::Cancelled).then(|| {
            view! { <p class="hint">{(t.attendance_from_the_day)(&format_date(lang, japan_day(e.starts_at)))}</p> }
        })}
        <div class="table-scroll">
            <table class="table participants cards">
                <thead><tr>
                    <th scope="col">{t.status_column}</th>
                    <th scope="col">{t.profile_full_name}</th>
                    <th scope="col">{t.profile_name_reading}</th>
                    <th scope="col">{t.profile_phone}</th>
                    <th scope="col">{t.signup_people}</th>
                    <th scope="col">{t.event_questions}</th>
                    <th scope="col">{t.minor_column}</th>
                    <th scope="col">{t.consent_column}</th>
                    <th scope="col">{t.attendance_column}</th>
                    <th scope="col"><span class="visually-hidden">{t.signup_cancel}</span></th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        // The marks are islands: only then does the page load the bundle.
        {attendance_open.then(|| view! { <IslandScripts/> })}
        {open.then(|| view! { <OnBehalfForm id action=on_behalf/> })}
        {open.then(|| view! {
            <section class="form-section">
                <h2>{t.event_cancel_heading}</h2>
                <ActionForm action=cancel_event attr:class="form" attr:novalidate=true>
                    <FormMessage error=cancel_error/>
                    <input type="hidden" name="id" value=id.to_string()/>
                    <div class="field">
                        <label for="cancel-reason">{t.event_cancel_reason}</label>
                        <textarea id="cancel-reason" name="reason" rows="3"></textarea>
                        <FieldMessage error=cancel_error field="reason"/>
                    </div>
                    <button type="submit" class="button danger">{t.event_cancel}</button>
                </ActionForm>
            </section>
        })}
    }
}

#[component]
fn OnBehalfForm(id: crate::domain::ids::EventId, action: ServerAction<SignUpForMember>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    let methods = [ConsentMethod::Paper, ConsentMethod::Phone, ConsentMethod::InPerson]
        .into_iter()
        .map(|m| (m.code().to_string(), lang.consent(m).to_string()))
        .collect();
    view! {
        <section class="form-section">
            <h2>{t.on_behalf_heading}</h2>
            <p class="hint">{t.on_behalf_lead}</p>
            <ActionForm action=action attr:class="form" attr:novalidate=true>
                <FormMessage error/>
                <input type="hidden" name="event_id" value=id.to_string()/>
                <input type="hidden" name="people[0][kind]" value="holder"/>
                <TextField field="member_number" name="member_number".to_string() label=t.member_number value="" error required=true/>
                <SelectField field="consent_method" name="consent_method".to_string() label=t.consent_column options=methods selected="paper".to_string() error required=true/>
                <button type="submit" class="button primary">{t.on_behalf_submit}</button>
            </ActionForm>
        </section>
    }
}
