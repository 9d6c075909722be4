//! The sign-up form: the holder, household members who come too, named guests, each person's
//! answers to the event's questions, and a guardian's consent for minors. Works without JavaScript.

use crate::api::events::{SignUp, SignupChoices};
use crate::components::fields::TextField;
use crate::components::form_errors::{FieldMessage, FormMessage};
use crate::domain::dates::{is_minor, japan_day};
use crate::domain::event::{choice_value, EventView, Question};
use crate::domain::signup::GUEST_ROWS;
use crate::error::AppError;
use crate::i18n::use_lang;
use chrono::NaiveDate;
use leptos::prelude::*;

#[component]
pub fn SignupForm(event: EventView, choices: SignupChoices) -> impl IntoView {
    let t = use_lang().t();
    let action = ServerAction::<SignUp>::new();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    let questions = event.questions.clone();
    // A guardian's consent is asked only where the event wants one and only of someone who is
    // under 18 on the event's day, or whose age the form does not know.
    let day = japan_day(event.starts_at);
    let asks_consent = event.guardian_consent_for_minors;
    let needs_consent = move |birth: Option<NaiveDate>| asks_consent && birth.is_none_or(|b| is_minor(b, day));
    let holder_row = {
        let questions = questions.clone();
        if choices.holder_name.is_empty() {
            view! {
                <fieldset class="household-row">
                    <legend>{t.signup_you}</legend>
                    <input type="hidden" name="people[0][kind]" value="holder"/>
                    <TextField field="people.0.full_name" name="people[0][full_name]".to_string() label=t.profile_full_name value="" error required=true/>
                    <TextField field="people.0.name_reading" name="people[0][name_reading]".to_string() label=t.profile_name_reading value="" error/>
                    <TextField field="people.0.birth_date" name="people[0][birth_date]".to_string() label=t.profile_birth_date kind="date" value="" error hint=t.signup_birth_hint/>
                    <HolderConsent error asked=asks_consent birth_date_field=false/>
                    <Answers i=0 questions error/>
                </fieldset>
            }
            .into_any()
        } else {
            view! {
                <fieldset class="household-row">
                    <legend>{format!("{}: {}", t.signup_you, choices.holder_name)}</legend>
                    <input type="hidden" name="people[0][kind]" value="holder"/>
                    <HolderConsent error asked=needs_consent(choices.holder_birth_date) birth_date_field=true/>
                    <Answers i=0 questions error/>
                </fieldset>
            }
            .into_any()
        }
    };
    let household_count = choices.household.len();
    let household =
        choices
            .household
            .into_iter()
            .enumerate()
            .map(|(n, (id, person))| {
                let i = n + 1;
                let questions = questions.clone();
                let check_id = format!("f-people-{i}-include");
                let consent_id = format!("f-people-{i}-consent");
                let (check_for, consent_for) = (check_id.clone(), consent_id.clone());
                let consent = needs_consent(person.birth_date).then(|| view! {
                <label class="choice" for=consent_for>
                    <input id=consent_id type="checkbox" name=format!("people[{i}][guardian_consent]") value="yes"/>
                    <span>{t.signup_guardian_consent}</span>
                </label>
            });
                view! {
                    <fieldset class="household-row">
                        <legend>{format!("{}（{}）", person.full_name, person.relationship)}</legend>
                        <input type="hidden" name=format!("people[{i}][kind]") value="household"/>
                        <input type="hidden" name=format!("people[{i}][household]") value=id/>
                        <label class="choice" for=check_for>
                            <input id=check_id type="checkbox" name=format!("people[{i}][include]") value="yes"/>
                            <span>{t.signup_comes_too}</span>
                        </label>
                        {consent}
                        <FieldMessage error field=format!("people.{i}.household")/>
                        <FieldMessage error field=format!("people.{i}.guardian_consent")/>
                        <FieldMessage error field=format!("people.{i}.birth_date")/>
                        <Answers i questions error/>
                    </fieldset>
                }
            })
            .collect_view();
    let guests = (0..GUEST_ROWS)
        .map(|g| {
            let i = household_count + 1 + g;
            let questions = questions.clone();
            let consent_id = format!("f-people-{i}-consent");
            let consent_for = consent_id.clone();
            view! {
                <fieldset class="household-row">
                    <legend>{(t.signup_guest)(g + 1)}</legend>
                    <input type="hidden" name=format!("people[{i}][kind]") value="guest"/>
                    <TextField field=format!("people.{i}.full_name") name=format!("people[{i}][full_name]") label=t.profile_full_name value="" error/>
                    <TextField field=format!("people.{i}.name_reading") name=format!("people[{i}][name_reading]") label=t.profile_name_reading value="" error/>
                    <TextField field=format!("people.{i}.birth_date") name=format!("people[{i}][birth_date]") label=t.profile_birth_date kind="date" value="" error hint=t.signup_birth_hint/>
                    {asks_consent.then(|| view! {
                        <label class="choice" for=consent_for>
                            <input id=consent_id type="checkbox" name=format!("people[{i}][guardian_consent]") value="yes"/>
                            <span>{t.signup_guardian_consent}</span>
                        </label>
                    })}
                    <FieldMessage error field=format!("people.{i}.guardian_consent")/>
                    <Answers i questions error/>
                </fieldset>
            }
        })
        .collect_view();
    let first_guest = household_count + 1;
    let guest_error = move || {
        error.get().is_some_and(|e| {
            e.field_errors().iter().any(|f| {
                f.field
                    .strip_prefix("people.")
                    .and_then(|rest| rest.split('.').next())
                    .and_then(|i| i.parse::<usize>().ok())
                    .is_some_and(|i| i >= first_guest)
            })
        })
    };
    // Open when a refusal names a companion's row (the form came back).
    let guests_open = guest_error();
    view! {
        <section class="form-section">
            <h2>{t.signup_heading}</h2>
            <ActionForm action=action attr:class="form wide" attr:novalidate=true>
                <FormMessage error/>
                <input type="hidden" name="event_id" value=event.id.to_string()/>
                {holder_row}
                {household}
                // Companions from outside the household are the exception: behind one more click,
                // open again when the form comes back with a problem in one of them.
                <details class="more-rows" open=guests_open>
                    <summary>{t.signup_add_companion}</summary>
                    <p class="hint">{t.signup_guests_hint}</p>
                    {guests}
                </details>
                <button type="submit" class="button primary">{t.signup_submit}</button>
            </ActionForm>
        </section>
    }
}

/// The event's questions for person `i`.
#[component]
fn Answers(i: usize, questions: Vec<Question>, error: Signal<Option<AppError>>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    questions
        .into_iter()
        .map(|q| {
            let name = format!("people[{i}][answers][{}]", q.key);
            let field = format!("people.{i}.answers.{}", q.key);
            let id = format!("f-people-{i}-{}", q.key);
            let label_for = id.clone();
            let input = if q.choices.is_empty() {
                view! { <input id=id type="text" name=name/> }.into_any()
            } else {
                let options = q
                    .choices
                    .iter()
                    .map(|c| view! { <option value=choice_value(c).to_string()>{c.get(lang)}</option> })
                    .collect_view();
                view! { <select id=id name=name><option value="">{t.signup_choose}</option>{options}</select> }.into_any()
            };
            view! {
                <div class="field">
                    <label for=label_for>{q.label.get(lang)}{q.required.then(|| view! { <span class="required">{t.field_required_mark}</span> })}</label>
                    {input}
                    <FieldMessage error field/>
                </div>
            }
        })
        .collect_view()
}

/// For a holder under 18 (when `asked`): a guardian's consent; and the age rule's message, unless
/// the form has a birth-date field of its own that shows it (`birth_date_field` false).
#[component]
fn HolderConsent(error: Signal<Option<AppError>>, asked: bool, birth_date_field: bool) -> impl IntoView {
    let t = use_lang().t();
    view! {
        {asked.then(|| view! {
            <label class="choice" for="f-people-0-consent">
                <input id="f-people-0-consent" type="checkbox" name="people[0][guardian_consent]" value="yes"/>
                <span>{t.signup_guardian_consent}</span>
            </label>
        })}
        <FieldMessage error field="people.0.guardian_consent"/>
        {birth_date_field.then(|| view! { <FieldMessage error field="people.0.birth_date"/> })}
    }
}
