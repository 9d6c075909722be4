//! The association's settings the secretariat keeps: for now its contact details, which the home
//! page and every page's footer show.

use crate::api::association::{load_association_contact, SaveAssociationContact};
use crate::components::fields::TextField;
use crate::components::form_errors::{errors_of, FormMessage};
use crate::components::loaded::loaded;
use crate::domain::association::AssociationContact;
use crate::i18n::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SettingsPage() -> impl IntoView {
    let query = use_query_map();
    let contact = Resource::new(move || query.read().get("saved"), |_| load_association_contact());
    loaded(contact, |contact| view! { <ContactSettings contact/> })
}

#[component]
fn ContactSettings(contact: AssociationContact) -> impl IntoView {
    let t = use_lang().t();
    let query = use_query_map();
    let saved = move || query.read().get("saved").is_some();
    let action = ServerAction::<SaveAssociationContact>::new();
    let error = errors_of(action);
    let form = contact.form();
    let name = |field: &str| format!("contact[{field}]");
    view! {
        <Title text=t.settings_title/>
        <p><a href="/admin">{t.dashboard_title}</a></p>
        <h1>{t.settings_title}</h1>
        {move || saved().then(|| view! { <p class="notice success" role="status">{t.admin_done}</p> })}
        <section class="form-section">
            <h2>{t.settings_contact_heading}</h2>
            <p class="hint">{t.settings_contact_lead}</p>
            <ActionForm action attr:class="form" attr:novalidate=true>
                <FormMessage error/>
                <TextField field="office_ja" name=name("office_ja") label=t.settings_office_ja value=form.office_ja error/>
                <TextField field="office_en" name=name("office_en") label=t.settings_office_en value=form.office_en error/>
                <TextField field="postal_code" name=name("postal_code") label=t.profile_postal_code value=form.postal_code error/>
                <TextField field="phone" name=name("phone") label=t.profile_phone value=form.phone kind="tel" error/>
                <TextField field="email" name=name("email") label=t.login_email value=form.email kind="email" error/>
                <TextField field="hours_ja" name=name("hours_ja") label=t.settings_hours_ja value=form.hours_ja error hint=t.settings_hours_hint/>
                <TextField field="hours_en" name=name("hours_en") label=t.settings_hours_en value=form.hours_en error/>
                <button type="submit" class="button primary">{t.profile_submit}</button>
            </ActionForm>
        </section>
    }
}
