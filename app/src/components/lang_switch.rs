use crate::i18n::{use_lang, Lang};
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// The visible language switch. A plain form posting to `/lang`, which sets the cookie and sends the
/// reader back to the same page, so it works with and without JavaScript.
#[component]
pub fn LangSwitch() -> impl IntoView {
    let lang = use_lang();
    let location = use_location();
    let here = move || {
        let search = location.search.get();
        let query = search.trim_start_matches('?');
        if query.is_empty() {
            location.pathname.get()
        } else {
            format!("{}?{query}", location.pathname.get())
        }
    };
    let buttons = Lang::ALL
        .into_iter()
        .map(|option| {
            let current = option == lang;
            view! {
                <button
                    type="submit"
                    name="lang"
                    value=option.code()
                    lang=option.code()
                    aria-pressed=current.to_string()
                    class:current=current
                >
                    {option.native_name()}
                </button>
            }
        })
        .collect_view();
    view! {
        <form class="lang-switch" method="post" action="/lang" aria-label=lang.t().lang_switch_label>
            <input type="hidden" name="next" value=here/>
            {buttons}
        </form>
    }
}
