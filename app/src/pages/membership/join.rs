//! 入会申込: the join form, and the page after it. Works without JavaScript: a refused form comes
//! back with every field as typed (except the password) and a message beside each problem.

use crate::api::membership::JoinChoices;
use crate::api::membership::{load_join_page, ApplyForMembership};
use crate::components::fields::TextField;
use crate::components::form_errors::{FieldMessage, FormMessage};
use crate::components::loaded::loaded;
use crate::components::profile_fields::ProfileFields;
use crate::i18n::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn JoinPage() -> impl IntoView {
    let page = Resource::new(|| (), |_| load_join_page());
    loaded(page, |page| view! { <JoinForm page/> })
}

#[component]
fn JoinForm(page: JoinChoices) -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    let action = ServerAction::<ApplyForMembership>::new();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    let chosen = page.account.membership_type.clone();
    let types = page
        .types
        .iter()
        .map(|kind| {
            let id = format!("f-type-{}", kind.code);
            let label_for = id.clone();
            let checked = kind.code == chosen;
            let label = (t.type_with_fee)(kind.name.choose(lang).text, kind.fee_per_unit_yen);
            view! {
                <label class="choice" for=label_for>
                    <input id=id type="radio" name="account[membership_type]" value=kind.code.clone() checked=checked
                        data-household=kind.has_household.then_some("yes") data-organisation=kind.is_organisation.then_some("yes")/>
                    <span>{label}</span>
                </label>
            }
        })
        .collect_view();
    view! {
        <Title text=t.join_title/>
        <h1>{t.join_title}</h1>
        <p class="lead">{t.join_lead}</p>
        <ActionForm action=action attr:class="form wide join-form" attr:novalidate=true>
            <FormMessage error/>
            <fieldset class="form-group">
                <legend>{t.join_type_heading}<span class="required">{t.field_required_mark}</span></legend>
                <div class="field choices">{types}</div>
                <p class="hint">{t.join_type_hint}</p>
                <FieldMessage error field="membership_type"/>
                <TextField field="units" name="account[units]".to_string() label=t.units_label kind="number"
                    value=if page.account.units.is_empty() { "1".to_string() } else { page.account.units.clone() }
                    error hint=t.units_hint/>
            </fieldset>
            <ProfileFields form=page.profile committees=page.committees error show_organisation=true show_household=true/>
            <fieldset class="form-group">
                <legend>{t.join_account_heading}</legend>
                <p class="hint">{t.join_account_lead}</p>
                <TextField field="email" name="account[email]".to_string() label=t.login_email kind="email"
                    value=page.account.email.clone() error autocomplete="email" required=true/>
                <TextField field="password" name="account[password]".to_string() label=t.login_password kind="password"
                    value="" error autocomplete="new-password" hint=t.password_new_hint required=true/>
            </fieldset>
            <fieldset class="form-group">
                <legend>{t.privacy_heading}</legend>
                <div class="privacy-notice">
                    <p>{page.privacy_notice.get(lang)}</p>
                    <p class="hint">{t.privacy_version_label}" "{page.account.privacy_notice_version.clone()}</p>
                </div>
                <input type="hidden" name="account[privacy_notice_version]" value=page.account.privacy_notice_version.clone()/>
                <div class="field choices">
                    <label class="choice" for="f-privacy_consent">
                        <input id="f-privacy_consent" type="checkbox" name="account[privacy_consent]" value="yes"
                            checked=page.account.privacy_consent.is_some()/>
                        <span>{t.privacy_consent}</span>
                    </label>
                    <FieldMessage error field="privacy_consent"/>
                </div>
            </fieldset>
            <button type="submit" class="button primary">{t.join_submit}</button>
        </ActionForm>
    }
}

/// After applying. The same page whether or not the email already had an account.
#[component]
pub fn JoinReceivedPage() -> impl IntoView {
    let t = use_lang().t();
    view! {
        <Title text=t.join_received_title/>
        <h1>{t.join_received_title}</h1>
        <p class="lead">{t.join_received_body}</p>
        <p><a class="button primary" href="/login">{t.nav_login}</a></p>
    }
}
