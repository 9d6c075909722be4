use crate::i18n::{use_lang, Texts};
use leptos::prelude::*;
use leptos_meta::Title;

/// A menu entry whose feature is still being built: says so plainly instead of a dead link.
#[component]
pub fn InPreparation(title: fn(&Texts) -> &'static str) -> impl IntoView {
    let t = use_lang().t();
    let title = title(t);
    view! {
        <Title text=title/>
        <section class="in-preparation">
            <h1>{title}</h1>
            <p>{t.in_preparation_body}</p>
            <p><a class="button" href="/">{t.back_to_home}</a></p>
        </section>
    }
}
