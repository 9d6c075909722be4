use crate::components::error_view::show_result;
use crate::error::AppError;
use crate::i18n::use_lang;
use leptos::prelude::*;
use serde::{de::DeserializeOwned, Serialize};

/// A "loading" line while `resource` loads, then `ok(value)`, or the error page if it failed.
/// Routes render with `SsrMode::Async`, so without JavaScript the reader gets the final HTML.
pub fn loaded<T, V>(
    resource: Resource<Result<T, AppError>>,
    ok: impl Fn(T) -> V + Clone + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
    V: IntoView + 'static,
{
    let t = use_lang().t();
    view! {
        <Suspense fallback=move || view! { <p class="loading">{t.loading}</p> }>
            {move || {
                let ok = ok.clone();
                Suspend::new(async move { show_result(resource.await, ok) })
            }}
        </Suspense>
    }
}
