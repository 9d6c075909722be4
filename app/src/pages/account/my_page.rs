use crate::api::account::{my_account, ChangePassword, LogOut};
use crate::api::membership::{load_my_membership, AgreeToPrivacyNotice, ChangeEmail};
use crate::api::subscriptions::load_subscription;
use crate::components::fields::TextField;
use crate::components::form_errors::FormMessage;
use crate::components::loaded::loaded;
use crate::domain::account::AccountSummary;
use crate::domain::membership::{MyMembership, PrivacyNotice};
use crate::domain::newsletter::Subscription;
use crate::domain::staff::{Duty, StaffRole};
use crate::i18n::use_lang;
use crate::pages::account::membership_view::{MembershipFacts, ProfileFacts};
use crate::pages::account::subscription::SubscriptionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn MyPage() -> impl IntoView {
    let query = use_query_map();
    // Keyed on the query, so the page reloads its data after a change that comes back here.
    let page = Resource::new(
        move || (query.read().get("password"), query.read().get("saved"), query.read().get("v")),
        |_| async move {
            Ok::<_, crate::error::AppError>((
                my_account().await?,
                load_my_membership().await?,
                load_subscription().await?,
            ))
        },
    );
    loaded(page, |(account, membership, subscription)| view! { <MyAccount account membership subscription/> })
}

/// The privacy notice changed since the member agreed: its new text, and a button to agree.
#[component]
fn PrivacyToAgree(notice: PrivacyNotice) -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    let action = ServerAction::<AgreeToPrivacyNotice>::new();
    let error = crate::components::form_errors::errors_of(action);
    view! {
        <section class="notice privacy-to-agree" aria-labelledby="privacy-to-agree">
            <h2 id="privacy-to-agree">{t.privacy_changed_heading}</h2>
            <p>{t.privacy_changed_lead}</p>
            <div class="privacy-notice">
                <p>{notice.text.get(lang)}</p>
                <p class="hint">{t.privacy_version_label}" "{notice.version.clone()}</p>
            </div>
            <ActionForm action>
                <FormMessage error/>
                <input type="hidden" name="version" value=notice.version/>
                <button type="submit" class="button primary">{t.privacy_agree_button}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn MyAccount(
    account: AccountSummary,
    membership: Option<MyMembership>,
    subscription: Option<Subscription>,
) -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    let query = use_query_map();
    let notice = move || {
        let q = query.read();
        if q.get("password").as_deref() == Some("changed") {
            Some(t.password_changed)
        } else {
            match q.get("saved").as_deref() {
                Some("profile") => Some(t.profile_saved),
                Some("email_sent") => Some(t.email_change_sent),
                Some("privacy") => Some(t.privacy_agreed),
                _ => None,
            }
        }
    };
    let log_out = ServerAction::<LogOut>::new();
    let role = if account.is_staff() {
        account.roles.iter().map(|r| lang.staff_role(*r)).collect::<Vec<_>>().join("・")
    } else {
        t.account_role_member.to_string()
    };
    let is_member = membership.is_some();
    let organises =
        account.roles.contains(&StaffRole::Admin) || membership.as_ref().is_some_and(|m| !m.chairs.is_empty());
    let may = |duty| account.may(duty);
    view! {
        <Title text=t.account_title/>
        <h1>{t.account_title}</h1>
        {move || notice().map(|text| view! { <p class="notice success" role="status">{text}</p> })}
        {account.must_change_password.then(|| view! { <p class="notice" role="status">{t.account_must_change_password}</p> })}
        {membership.as_ref().and_then(|m| m.privacy_to_agree.clone()).map(|notice| view! { <PrivacyToAgree notice/> })}
        <dl class="facts">
            <dt>{t.account_email}</dt>
            <dd>{account.email.clone()}</dd>
            <dt>{t.account_role}</dt>
            <dd>{role}</dd>
        </dl>
        <p class="actions">
            <a class="button" href="/account/signups">{t.nav_signups}</a>
            {organises.then(|| view! { <a class="button" href="/chair">{t.nav_organise}</a> })}
        </p>
        {may(Duty::ReadMembers).then(|| view! {
            <p class="actions">
                <a class="button" href="/admin">{t.dashboard_title}</a>
                " "
                <a class="button" href="/admin/members">{t.admin_members_title}</a>
                {may(Duty::Outbox).then(|| view! { " " <a class="button" href="/admin/outbox">{t.outbox_title}</a> })}
                " "
                <a class="button" href="/admin/membership-types">{t.types_title}</a>
                " "
                <a class="button" href="/admin/cities">{t.cities_admin_title}</a>
                {may(Duty::Staff).then(|| view! { " " <a class="button" href="/admin/staff">{t.staff_title}</a> })}
            </p>
        })}
        {membership.map(|m| view! {
            <MembershipFacts membership=m.clone()/>
            <section class="form-section">
                <h2>{t.profile_heading}</h2>
                <ProfileFacts membership=m/>
                <p class="actions">
                    <a class="button" href="/account/profile">{t.profile_edit}</a>
                    " "
                    <a class="button" href="/account/export.json" download="">{t.export_json}</a>
                    " "
                    <a class="button" href="/account/export.csv" download="">{t.export_csv}</a>
                </p>
            </section>
        })}
        {subscription.map(|subscription| view! { <SubscriptionForm subscription/> })}
        <ActionForm action=log_out>
            <button type="submit" class="button">{t.logout_submit}</button>
        </ActionForm>
        <EmailForm/>
        <PasswordForm/>
        {is_member.then(|| view! {
            <section class="form-section">
                <h2>{t.withdraw_title}</h2>
                <p><a href="/account/withdraw">{t.withdraw_link}</a></p>
            </section>
        })}
    }
}

#[component]
fn EmailForm() -> impl IntoView {
    let t = use_lang().t();
    let action = ServerAction::<ChangeEmail>::new();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    view! {
        <section class="form-section">
            <h2>{t.email_heading}</h2>
            <ActionForm action=action attr:class="form" attr:novalidate=true>
                <FormMessage error/>
                <TextField field="new_email" name="new_email".to_string() label=t.email_new kind="email" value=""
                    error autocomplete="email"/>
                <TextField field="password" name="password".to_string() label=t.password_current kind="password"
                    value="" error autocomplete="current-password"/>
                <button type="submit" class="button primary">{t.email_submit}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn PasswordForm() -> impl IntoView {
    let t = use_lang().t();
    let action = ServerAction::<ChangePassword>::new();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    view! {
        <section class="form-section">
            <h2>{t.password_heading}</h2>
            <ActionForm action=action attr:class="form" attr:novalidate=true>
                <FormMessage error/>
                <TextField field="current_password" name="current_password".to_string() label=t.password_current
                    kind="password" value="" error autocomplete="current-password"/>
                <TextField field="new_password" name="new_password".to_string() label=t.password_new kind="password"
                    value="" error autocomplete="new-password" hint=t.password_new_hint/>
                <button type="submit" class="button primary">{t.password_submit}</button>
            </ActionForm>
        </section>
    }
}
