//! The event form (new or existing). Works without JavaScript.

use crate::api::chair::{load_event_editor, EventEditor, SaveEvent};
use crate::components::fields::{SelectField, TextField};
use crate::components::form_errors::{FieldMessage, FormMessage};
use crate::components::loaded::loaded;
use crate::components::photo::PhotoForm;
use crate::domain::event::EventStatus;
use crate::i18n::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn EventEditorPage() -> impl IntoView {
    let params = use_params_map();
    let editor =
        Resource::new(move || params.read().get("id"), |id| load_event_editor(id.and_then(|id| id.parse().ok())));
    loaded(editor, |editor| view! { <EventEditorForm editor/> })
}

fn name(field: &str) -> String {
    format!("event[{field}]")
}

#[component]
fn EventEditorForm(editor: EventEditor) -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    let action = ServerAction::<SaveEvent>::new();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    let f = editor.form.clone();
    let committees = editor.committees.iter().map(|c| (c.slug.clone(), c.name.get(lang))).collect();
    let cities = std::iter::once((String::new(), t.event_no_city.to_string()))
        .chain(editor.cities.iter().map(|c| (c.slug.clone(), c.name.get(lang))))
        .collect();
    let title = if editor.id.is_some() { t.event_edit } else { t.event_new };
    let checkbox = move |field: &'static str, checked: bool, label: &'static str| {
        let id = format!("f-{field}");
        let label_for = id.clone();
        view! {
            <label class="choice" for=label_for>
                <input id=id type="checkbox" name=name(field) value="yes" checked=checked/>
                <span>{label}</span>
            </label>
        }
    };
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        <ActionForm action=action attr:class="form wide" attr:novalidate=true>
            <FormMessage error/>
            {editor.id.map(|id| view! { <input type="hidden" name="id" value=id.to_string()/> })}
            <fieldset class="form-group">
                <legend>{t.event_about}</legend>
                {if editor.id.is_none() {
                    view! { <SelectField field="committee" name=name("committee") label=t.event_committee options=committees selected=f.committee.clone() error required=true/> }.into_any()
                } else {
                    view! { <input type="hidden" name=name("committee") value=f.committee.clone()/> }.into_any()
                }}
                <SelectField field="partner_city" name=name("partner_city") label=t.event_city options=cities selected=f.partner_city.clone() error/>
                <TextField field="title_ja" name=name("title_ja") label=t.event_title_ja value=f.title_ja.clone() error hint=t.event_title_hint/>
                <TextField field="title_en" name=name("title_en") label=t.event_title_en value=f.title_en.clone() error/>
                <div class="field">
                    <label for="f-description_ja">{t.event_description_ja}</label>
                    <textarea id="f-description_ja" name=name("description_ja") rows="5">{f.description_ja.clone()}</textarea>
                    <FieldMessage error field="description_ja"/>
                </div>
                <div class="field">
                    <label for="f-description_en">{t.event_description_en}</label>
                    <textarea id="f-description_en" name=name("description_en") rows="5">{f.description_en.clone()}</textarea>
                    <FieldMessage error field="description_en"/>
                </div>
            </fieldset>
            <fieldset class="form-group">
                <legend>{t.event_when_where}</legend>
                <TextField field="starts_at" name=name("starts_at") label=t.event_starts kind="datetime-local" value=f.starts_at.clone() error required=true hint=t.event_time_hint/>
                <TextField field="ends_at" name=name("ends_at") label=t.event_ends kind="datetime-local" value=f.ends_at.clone() error required=true/>
                <TextField field="venue" name=name("venue") label=t.event_venue value=f.venue.clone() error required=true/>
            </fieldset>
            <fieldset class="form-group">
                <legend>{t.event_signups}</legend>
                <TextField field="capacity" name=name("capacity") label=t.event_places kind="number" value=f.capacity.clone() error required=true/>
                <TextField field="signup_opens_at" name=name("signup_opens_at") label=t.event_signup_opens kind="datetime-local" value=f.signup_opens_at.clone() error hint=t.profile_optional/>
                <TextField field="signup_closes_at" name=name("signup_closes_at") label=t.event_signup_closes kind="datetime-local" value=f.signup_closes_at.clone() error hint=t.profile_optional/>
                <TextField field="fee_yen" name=name("fee_yen") label=t.event_fee value=f.fee_yen.clone() error hint=t.event_fee_hint/>
                <TextField field="min_age" name=name("min_age") label=t.event_min_age_label kind="number" value=f.min_age.clone() error hint=t.profile_optional/>
                <TextField field="reminder_days" name=name("reminder_days") label=t.event_reminder_days kind="number" value=f.reminder_days.clone() error hint=t.event_reminder_days_hint/>
                {checkbox("members_only", f.members_only.is_some(), t.event_members_only)}
                {checkbox("guardian_consent_for_minors", f.guardian_consent_for_minors.is_some(), t.event_guardian_rule)}
                <div class="field">
                    <label for="f-questions">{t.event_questions}</label>
                    <textarea id="f-questions" name=name("questions") rows="4" aria-describedby="f-questions-hint">{f.questions.clone()}</textarea>
                    <p class="hint" id="f-questions-hint">{t.event_questions_hint}</p>
                    <FieldMessage error field="questions"/>
                </div>
            </fieldset>
            <button type="submit" class="button primary">{t.event_save}</button>
        </ActionForm>
        // A photo belongs to a saved event: the section shows once the event exists.
        {editor.id.map(|id| {
            let draft = editor.event.as_ref().is_some_and(|e| e.status == EventStatus::Draft);
            let current = editor.event.and_then(|e| e.photo);
            view! { <PhotoForm action=format!("/chair/events/{id}/photo") current hidden_until_public=draft/> }
        })}
    }
}
