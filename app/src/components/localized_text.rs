use crate::domain::localized::Localized;
use crate::i18n::{use_lang, Lang};
use leptos::prelude::*;

/// A paragraph of bilingual text. When the reader's language is missing it shows the other one,
/// marked with its `lang` (for screen readers) and a short note saying so; nothing when both are.
#[component]
pub fn LocalizedText(text: Localized, #[prop(optional)] class: &'static str) -> impl IntoView {
    if text.is_empty() {
        return ().into_any();
    }
    let lang = use_lang();
    let chosen = text.choose(lang);
    let note = chosen.is_fallback(lang).then(|| match chosen.lang {
        Lang::Ja => lang.t().fallback_only_ja,
        Lang::En => lang.t().fallback_only_en,
    });
    view! {
        <p class=class lang=chosen.lang.code()>{chosen.text.to_string()}</p>
        {note.map(|note| view! { <p class="fallback-note">{note}</p> })}
    }
    .into_any()
}
