use crate::error::AppError;
use crate::i18n::use_lang;
use leptos::prelude::*;

/// The message for one field of a refused form, in the reader's language.
#[component]
pub fn FieldMessage(error: Signal<Option<AppError>>, #[prop(into)] field: String) -> impl IntoView {
    let lang = use_lang();
    move || {
        error.get().and_then(|error| {
            error
                .field_errors()
                .iter()
                .find(|e| e.field == field)
                .map(|e| view! { <p class="field-error">{lang.field_problem(&e.problem)}</p> })
        })
    }
}

/// The message for the form as a whole: a form-level problem (field "form"), or, for errors that
/// are not about the input (the database is down, too many attempts), their plain explanation.
#[component]
pub fn FormMessage(error: Signal<Option<AppError>>) -> impl IntoView {
    let lang = use_lang();
    move || {
        error.get().and_then(|error| {
            let text = match &error {
                AppError::Invalid(errors) => errors.get("form").map(|problem| lang.field_problem(problem)),
                other => Some(lang.error_text(other).1.to_string()),
            };
            text.map(|text| view! { <p class="form-error" role="alert">{text}</p> })
        })
    }
}

/// The refusal of an action's last call, for `FormMessage` and `FieldMessage`.
pub fn errors_of<A>(action: ServerAction<A>) -> Signal<Option<AppError>>
where
    A: server_fn::ServerFn<Output = (), Error = AppError> + Clone + Send + Sync + 'static,
    A::Output: Send + Sync + 'static,
{
    Signal::derive(move || action.value().get().and_then(Result::err))
}
