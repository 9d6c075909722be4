//! The association's settings the secretariat keeps: its name, representative, mail signature and
//! privacy notice, its dues calendar, and its contact details (the home page and every footer).

use crate::api::association::{
    load_association_contact, load_association_profile, SaveAssociationContact, SaveAssociationProfile,
};
use crate::components::fields::{SelectField, TextField};
use crate::components::form_errors::{errors_of, FieldMessage, FormMessage};
use crate::components::loaded::loaded;
use crate::domain::association::AssociationContact;
use crate::domain::association_profile::AssociationForm;
use crate::i18n::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SettingsPage() -> impl IntoView {
    let query = use_query_map();
    let contact = Resource::new(move || query.read().get("saved"), |_| load_association_contact());
    let profile = Resource::new(move || query.read().get("saved"), |_| load_association_profile());
    let t = use_lang().t();
    let saved = move || query.read().get("saved").is_some();
    view! {
        <Title text=t.settings_title/>
        <p><a href="/admin">{t.dashboard_title}</a></p>
        <h1>{t.settings_title}</h1>
        {move || saved().then(|| view! { <p class="notice success" role="status">{t.admin_done}</p> })}
        {loaded(profile, |form| view! { <ProfileSettings form/> })}
        {loaded(contact, |contact| view! { <ContactSettings contact/> })}
    }
}

#[component]
fn ProfileSettings(form: AssociationForm) -> impl IntoView {
    let t = use_lang().t();
    let action = ServerAction::<SaveAssociationProfile>::new();
    let error = errors_of(action);
    let name = |field: &str| format!("association[{field}]");
    let months = || (1..=12).map(|m| (m.to_string(), (t.month_name)(m))).collect::<Vec<_>>();
    let years = (1..=5).map(|n| (n.to_string(), (t.years_count)(n))).collect::<Vec<_>>();
    let area = move |field: &'static str, label: &'static str, value: String| {
        let id = format!("f-{field}");
        view! {
            <div class="field">
                <label for=id.clone()>{label}<span class="required">{t.field_required_mark}</span></label>
                <textarea id=id name=name(field) rows="5">{value}</textarea>
                <FieldMessage error field=field/>
            </div>
        }
    };
    let optional_area = move |field: &'static str, label: &'static str, value: String| {
        let id = format!("f-{field}");
        view! {
            <div class="field">
                <label for=id.clone()>{label}</label>
                <textarea id=id name=name(field) rows="4">{value}</textarea>
                <FieldMessage error field=field/>
            </div>
        }
    };
    view! {
        <ActionForm action attr:class="form" attr:novalidate=true>
            <FormMessage error/>
            <section class="form-section">
                <h2>{t.settings_profile_heading}</h2>
                <p class="hint">{t.settings_profile_lead}</p>
                <TextField field="name_ja" name=name("name_ja") label=t.settings_name_ja value=form.name_ja error required=true/>
                <TextField field="name_en" name=name("name_en") label=t.settings_name_en value=form.name_en error required=true/>
                <TextField field="representative_ja" name=name("representative_ja") label=t.settings_representative_ja
                    value=form.representative_ja error hint=t.settings_representative_hint/>
                <TextField field="representative_en" name=name("representative_en") label=t.settings_representative_en
                    value=form.representative_en error/>
                <TextField field="signature_ja" name=name("signature_ja") label=t.settings_signature_ja
                    value=form.signature_ja error hint=t.settings_signature_hint required=true/>
                <TextField field="signature_en" name=name("signature_en") label=t.settings_signature_en
                    value=form.signature_en error required=true/>
                {area("privacy_notice_ja", t.settings_privacy_ja, form.privacy_notice_ja)}
                {area("privacy_notice_en", t.settings_privacy_en, form.privacy_notice_en)}
                <TextField field="privacy_version" name=name("privacy_version") label=t.settings_privacy_version
                    value=form.privacy_version error hint=t.settings_privacy_version_hint required=true/>
            </section>
            <section class="form-section">
                <h2>{t.settings_calendar_heading}</h2>
                <p class="hint">{t.settings_fiscal_start_hint}</p>
                <SelectField field="fiscal_year_start_month" name=name("fiscal_year_start_month") label=t.settings_fiscal_start
                    options=months() selected=form.fiscal_year_start_month error/>
                <p class="hint">{t.settings_grace_hint}</p>
                <SelectField field="dues_grace_month" name=name("dues_grace_month") label=t.settings_grace_month
                    options=months() selected=form.dues_grace_month error/>
                <TextField field="dues_grace_day" name=name("dues_grace_day") label=t.settings_grace_day
                    value=form.dues_grace_day kind="number" error/>
                <p class="hint">{t.settings_lapse_years_hint}</p>
                <SelectField field="lapse_after_unpaid_years" name=name("lapse_after_unpaid_years") label=t.settings_lapse_years
                    options=years selected=form.lapse_after_unpaid_years error/>
            </section>
            <section class="form-section">
                <h2>{t.settings_payment_heading}</h2>
                <p class="hint">{t.settings_payment_hint}</p>
                {optional_area("payment_account_ja", t.settings_payment_account_ja, form.payment_account_ja)}
                {optional_area("payment_account_en", t.settings_payment_account_en, form.payment_account_en)}
            </section>
            <button type="submit" class="button primary">{t.profile_submit}</button>
        </ActionForm>
    }
}

#[component]
fn ContactSettings(contact: AssociationContact) -> impl IntoView {
    let t = use_lang().t();
    let action = ServerAction::<SaveAssociationContact>::new();
    let error = errors_of(action);
    let form = contact.form();
    let name = |field: &str| format!("contact[{field}]");
    view! {
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
