use crate::error::AppError;
use crate::i18n::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;

/// A whole-page error in the reader's language. During server rendering it also sets the HTTP
/// status (404, 503, …), so the browser, crawlers and monitors see the truth.
#[component]
pub fn ErrorView(error: AppError) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(error.status());
        if let Some(seconds) = error.retry_after_secs() {
            response.insert_header(http::header::RETRY_AFTER, http::HeaderValue::from(seconds));
        }
    }
    let lang = use_lang();
    let (title, body) = lang.error_text(&error);
    view! {
        <Title text=title/>
        <section class="error-page" data-error-status=error.status().as_u16()>
            <h1>{title}</h1>
            <p>{body}</p>
            {if error == AppError::Unauthorized {
                view! { <p><a class="button primary" href="/login">{lang.t().login_title}</a></p> }.into_any()
            } else {
                view! { <p><a class="button" href="/">{lang.t().back_to_home}</a></p> }.into_any()
            }}
        </section>
    }
}

/// Renders a server-function result: `ok` on success, the error page otherwise.
pub fn show_result<T, V>(result: Result<T, AppError>, ok: impl FnOnce(T) -> V) -> AnyView
where
    V: IntoView + 'static,
{
    match result {
        Ok(value) => ok(value).into_any(),
        Err(error) => view! { <ErrorView error/> }.into_any(),
    }
}
