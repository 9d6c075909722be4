//! A second step before what cannot be undone (cancelling a sign-up, marking an event held,
//! disabling a login). The first button is a link to the same page with `?confirm=<what>`; that
//! address shows the question, what will follow, the real button and a way back. Being an address,
//! the step works the same with JavaScript (a client-side navigation) and without it (a page).

use crate::i18n::use_lang;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_query_map};

/// The step's first button: asks before doing `what`.
#[component]
pub fn AskFirst(#[prop(into)] what: String, label: &'static str, #[prop(optional)] danger: bool) -> impl IntoView {
    let path = use_location().pathname.get_untracked();
    let class = if danger { "button danger" } else { "button" };
    view! { <a class=class href=format!("{path}?confirm={what}#confirm")>{label}</a> }
}

/// Whether the address asks to confirm `what`.
pub fn asked(what: &str) -> bool {
    use_query_map().read_untracked().get("confirm").as_deref() == Some(what)
}

/// The question, shown while the address asks to confirm `what`; `children` is the form with the
/// real button. It takes the focus, so the reader (and a screen reader) starts at the question.
#[component]
pub fn Confirmation(
    #[prop(into)] what: String,
    #[prop(into)] question: String,
    /// What follows from it, in plain words.
    consequence: &'static str,
    children: ChildrenFn,
) -> impl IntoView {
    let t = use_lang().t();
    let query = use_query_map();
    let location = use_location();
    move || {
        let shown = query.read().get("confirm").as_deref() == Some(what.as_str());
        shown.then(|| {
            view! {
                <section id="confirm" class="confirm" tabindex="-1" autofocus=true aria-labelledby="confirm-question">
                    <h2 id="confirm-question">{question.clone()}</h2>
                    <p>{consequence}</p>
                    <div class="actions">
                        {children()}
                        <a class="button" href=location.pathname.get()>{t.confirm_back}</a>
                    </div>
                </section>
            }
        })
    }
}
