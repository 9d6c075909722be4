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
                .map(|e| view! { <p class="field-error" id=message_id(&e.field)>{lang.field_problem(&e.problem)}</p> })
        })
    }
}

/// The fields' problems as their messages show them: the first problem of each field, in order.
fn first_of_each_field(errors: &[crate::error::FieldError]) -> Vec<crate::error::FieldError> {
    let mut seen = std::collections::HashSet::new();
    errors.iter().filter(|e| e.field != "form" && seen.insert(e.field.clone())).cloned().collect()
}

/// The element id of a field's message, which the error summary links to and the field names in
/// its `aria-describedby`.
pub fn message_id(field: &str) -> String {
    format!("err-{}", field.replace('.', "-"))
}

/// The top of a refused form: how many fields need another look, each named with its problem and
/// linked to its message beside the field, and any problem of the form as a whole. It takes the
/// focus (`autofocus`: a refused form comes back as a new page, JavaScript or not), so the reader
/// (and a screen reader) starts there. Errors that are not about the input
/// (the database is down, too many attempts) show their plain explanation the same way.
#[component]
pub fn FormMessage(error: Signal<Option<AppError>>) -> impl IntoView {
    let lang = use_lang();
    move || {
        error.get().map(|error| {
            let t = lang.t();
            let (form, fields) = match &error {
                AppError::Invalid(errors) => {
                    (errors.get("form").map(|problem| lang.field_problem(problem)), first_of_each_field(&errors.0))
                }
                other => (Some(lang.error_text(other).1.to_string()), Vec::new()),
            };
            let title = (!fields.is_empty()).then(|| (t.error_summary_title)(fields.len()));
            let items = fields
                .into_iter()
                .map(|e| {
                    let problem = lang.field_problem(&e.problem);
                    let text = match lang.field_label(&e.field) {
                        Some(label) => format!("{label}: {problem}"),
                        None => problem,
                    };
                    view! { <li><a href=format!("#{}", message_id(&e.field))>{text}</a></li> }
                })
                .collect_view();
            view! {
                <div class="error-summary" role="alert" tabindex="-1" autofocus=true>
                    {title.map(|title| view! { <p class="error-summary-title">{title}</p> })}
                    {form.map(|text| view! { <p class="form-error">{text}</p> })}
                    <ul>{items}</ul>
                </div>
            }
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
