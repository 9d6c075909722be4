//! Form fields with their label, hint and error message wired together (`aria-describedby`,
//! `aria-invalid`), so every form reads the same to a screen reader and to the eye.

use crate::components::form_errors::FieldMessage;
use crate::error::AppError;
use leptos::prelude::*;

/// Whether `error` names `field`.
pub fn has_error(error: Signal<Option<AppError>>, field: String) -> Signal<bool> {
    Signal::derive(move || error.get().is_some_and(|e| e.field_errors().iter().any(|f| f.field == field)))
}

/// `f-{field}`, or `f-{scope}-{field}` for a form repeated on one page.
fn element_id(scope: &str, field: &str) -> String {
    let field = field.replace('.', "-");
    if scope.is_empty() {
        format!("f-{field}")
    } else {
        format!("f-{scope}-{field}")
    }
}

/// A one-line input.
#[component]
pub fn TextField(
    /// The field's key in error messages (and the element id).
    #[prop(into)]
    field: String,
    /// The name the form posts it under (e.g. `profile[full_name]`).
    name: String,
    label: &'static str,
    #[prop(into)] value: String,
    error: Signal<Option<AppError>>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: &'static str,
    #[prop(optional)] hint: &'static str,
    #[prop(optional)] required: bool,
    /// Set when a page repeats the same form (one per record): keeps the element ids unique.
    #[prop(optional, into)]
    scope: String,
) -> impl IntoView {
    let id = element_id(&scope, &field);
    let hint_id = format!("{id}-hint");
    // The hint, and while the field is refused its message, read out with the field.
    let invalid = has_error(error, field.clone());
    let message_id = crate::components::form_errors::message_id(&field);
    let described = {
        let hint_id = (!hint.is_empty()).then(|| hint_id.clone());
        move || {
            let parts: Vec<&str> =
                hint_id.iter().map(String::as_str).chain(invalid.get().then_some(message_id.as_str())).collect();
            (!parts.is_empty()).then(|| parts.join(" "))
        }
    };
    view! {
        <div class="field">
            <label for=id.clone()>
                {label}
                {required.then(|| view! { <span class="required">{crate::i18n::use_lang().t().field_required_mark}</span> })}
            </label>
            <input
                id=id
                type=kind
                name=name
                value=value
                autocomplete=(!autocomplete.is_empty()).then_some(autocomplete)
                aria-describedby=described
                aria-invalid=move || invalid.get().then_some("true")
            />
            {(!hint.is_empty()).then(|| view! { <p class="hint" id=hint_id>{hint}</p> })}
            <FieldMessage error field/>
        </div>
    }
}

/// A group of checkboxes (or one), posted as `name[]` for each ticked value.
#[component]
pub fn CheckboxGroup(
    #[prop(into)] field: String,
    name: String,
    legend: &'static str,
    /// (value, label)
    options: Vec<(String, String)>,
    checked: Vec<String>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    view! {
        <fieldset class="field choices">
            <legend>{legend}</legend>
            {options
                .into_iter()
                .map(|(value, label)| {
                    let id = format!("f-{field}-{value}");
                    let label_for = id.clone();
                    let is_checked = checked.contains(&value);
                    view! {
                        <label class="choice" for=label_for>
                            <input id=id type="checkbox" name=format!("{name}[]") value=value checked=is_checked/>
                            <span>{label}</span>
                        </label>
                    }
                })
                .collect_view()}
            <FieldMessage error field/>
        </fieldset>
    }
}

/// A select list.
#[component]
pub fn SelectField(
    #[prop(into)] field: String,
    name: String,
    label: &'static str,
    /// (value, label)
    options: Vec<(String, String)>,
    selected: String,
    error: Signal<Option<AppError>>,
    #[prop(optional)] required: bool,
    /// As for `TextField`.
    #[prop(optional, into)]
    scope: String,
) -> impl IntoView {
    let id = element_id(&scope, &field);
    view! {
        <div class="field">
            <label for=id.clone()>
                {label}
                {required.then(|| view! { <span class="required">{crate::i18n::use_lang().t().field_required_mark}</span> })}
            </label>
            <select id=id name=name aria-invalid={
                    let invalid = has_error(error, field.clone());
                    move || invalid.get().then_some("true")
                }>
                {options
                    .into_iter()
                    .map(|(value, label)| {
                        let is_selected = value == selected;
                        view! { <option value=value selected=is_selected>{label}</option> }
                    })
                    .collect_view()}
            </select>
            <FieldMessage error field/>
        </div>
    }
}
