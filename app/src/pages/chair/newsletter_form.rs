//! The fields of a message (`newsletter[…]`): audience, the Japanese and the English version,
//! where it is shown on the site. Shared by the new message and a draft's page.

use crate::components::fields::SelectField;
use crate::components::fields::TextField;
use crate::components::form_errors::FieldMessage;
use crate::domain::newsletter::{Archive, AudienceOption, NewsletterForm};
use crate::error::AppError;
use crate::i18n::{use_lang, Lang};
use leptos::prelude::*;

/// The label of an audience value in `lang` (the value itself when it is no longer offered).
pub fn audience_label(options: &[AudienceOption], value: &str, lang: Lang) -> String {
    options
        .iter()
        .find(|o| o.value == value)
        .map(|o| if lang == Lang::Ja { o.label_ja.clone() } else { o.label_en.clone() })
        .unwrap_or_else(|| value.to_string())
}

#[component]
pub fn NewsletterFields(
    form: NewsletterForm,
    options: Vec<AudienceOption>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    let name = |field: &str| format!("newsletter[{field}]");
    let mut choices = vec![(String::new(), t.newsletter_audience_choose.to_string())];
    choices.extend(options.iter().map(|o| (o.value.clone(), audience_label(&options, &o.value, lang))));
    let archives = Archive::ALL
        .iter()
        .map(|a| {
            let label = match a {
                Archive::Public => t.newsletter_archive_public,
                Archive::Members => t.newsletter_archive_members,
                Archive::Hidden => t.newsletter_archive_none,
            };
            (a.code().to_string(), label.to_string())
        })
        .collect();
    let area = move |field: &'static str, label: &'static str, value: String| {
        let id = format!("f-{field}");
        view! {
            <div class="field">
                <label for=id.clone()>{label}</label>
                <textarea id=id name=name(field) rows="10">{value}</textarea>
                <FieldMessage error field=field/>
            </div>
        }
    };
    view! {
        <SelectField field="audience" name=name("audience") label=t.newsletter_audience options=choices
            selected=form.audience.clone() error required=true/>
        <p class="hint">{t.newsletter_audience_hint}</p>
        <fieldset class="field">
            <legend>{t.newsletter_japanese}</legend>
            <TextField field="subject_ja" name=name("subject_ja") label=t.newsletter_subject value=form.subject_ja.clone() error/>
            {area("body_ja", t.newsletter_body, form.body_ja.clone())}
        </fieldset>
        <fieldset class="field">
            <legend>{t.newsletter_english}</legend>
            <TextField field="subject_en" name=name("subject_en") label=t.newsletter_subject value=form.subject_en.clone() error/>
            {area("body_en", t.newsletter_body, form.body_en.clone())}
        </fieldset>
        <p class="hint">{t.newsletter_languages_hint}</p>
        <SelectField field="archive" name=name("archive") label=t.newsletter_archive options=archives
            selected=form.archive.clone() error/>
    }
}
