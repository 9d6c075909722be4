//! One member, for the secretariat: the whole record, and every action on it (approve or reject,
//! record dues, disable the login, appoint as chair, send a reset link, erase).

use crate::api::admin_members::MemberDetail;
use crate::api::admin_members::{
    load_member_detail, ApproveMember, EraseMember, RecordDues, RejectMember, SendResetLink, SetChair, SetLoginDisabled,
};
use crate::components::confirm::{AskFirst, Confirmation};
use crate::components::fields::{SelectField, TextField};
use crate::components::form_errors::{errors_of, FieldMessage, FormMessage};
use crate::components::loaded::loaded;
use crate::domain::dates::format_datetime;
use crate::domain::dues::PaymentMethod;
use crate::domain::member::MemberStatus;
use crate::error::AppError;
use crate::i18n::use_lang;
use crate::pages::account::membership_view::{MembershipFacts, ProfileFacts};
use crate::pages::admin::member_course::{CourseForms, History};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn MemberPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let detail = Resource::new(
        move || (params.read().get("id"), query.read().get("done")),
        |(id, _)| async move {
            let id = id.and_then(|id| id.parse().ok()).ok_or(AppError::NotFound)?;
            load_member_detail(id).await
        },
    );
    loaded(detail, |detail| view! { <MemberRecord detail/> })
}

#[component]
fn MemberRecord(detail: MemberDetail) -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    let query = use_query_map();
    let id = detail.membership.member_id;
    let status = detail.membership.status;
    let title = detail.membership.profile.full_name.clone();
    let name = title.clone();
    let done = move || query.read().get("done").is_some().then_some(t.admin_done);
    let approve = ServerAction::<ApproveMember>::new();
    let reject = ServerAction::<RejectMember>::new();
    let disable = ServerAction::<SetLoginDisabled>::new();
    let reset = ServerAction::<SendResetLink>::new();
    let erase = ServerAction::<EraseMember>::new();
    let (approve_error, reject_error, disable_error, reset_error, erase_error) =
        (errors_of(approve), errors_of(reject), errors_of(disable), errors_of(reset), errors_of(erase));
    // An erased member's login is gone for good: nothing to reset or enable.
    let has_account = detail.account_id.is_some() && !detail.erased;
    let disabled = detail.account_disabled;
    let (may_edit, may_record_dues, may_appoint) = (detail.may_edit, detail.may_record_dues, detail.may_appoint);
    view! {
        <Title text=title.clone()/>
        <p><a href="/admin/members">{t.admin_members_back}</a></p>
        <h1>{title}</h1>
        {move || done().map(|text| view! { <p class="notice success" role="status">{text}</p> })}
        {(has_account && !detail.email_confirmed).then(|| view! { <p class="notice">{t.admin_email_unconfirmed}</p> })}
        {(status == MemberStatus::Pending).then(|| view! {
            // An application is decided on what it says: the details come before the buttons.
            <MembershipFacts membership=detail.membership.clone()/>
            <section class="form-section">
                <h2>{t.profile_heading}</h2>
                <ProfileFacts membership=detail.membership.clone()/>
            </section>
            {may_edit.then(|| view! {
            <section class="form-section decision">
                <h2>{t.admin_decision_heading}</h2>
                <ActionForm action=approve attr:class="form">
                    <FormMessage error=approve_error/>
                    <input type="hidden" name="id" value=id.to_string()/>
                    <button type="submit" class="button primary">{t.admin_approve}</button>
                </ActionForm>
                <ActionForm action=reject attr:class="form" attr:novalidate=true>
                    <FormMessage error=reject_error/>
                    <input type="hidden" name="id" value=id.to_string()/>
                    <div class="field">
                        <label for="reject-reason">{t.admin_reject_reason}</label>
                        <textarea id="reject-reason" name="reason" rows="3"></textarea>
                        <FieldMessage error=reject_error field="reason"/>
                    </div>
                    <button type="submit" class="button danger">{t.admin_reject}</button>
                </ActionForm>
            </section>
            })}
        })}
        {(status != MemberStatus::Pending).then(|| {
            let correct_from = may_record_dues.then(|| format!("/admin/members/{}", detail.membership.member_id));
            view! { <MembershipFacts membership=detail.membership.clone() correct_from/> }
        })}
        <section class="form-section" aria-labelledby="office-heading">
            <h2 id="office-heading">{t.record_office_heading}</h2>
            <dl class="facts">
                <dt>{t.record_contact_by}</dt>
                <dd>{lang.contact_by(detail.contact_by)}</dd>
                <dt>{t.record_notes}</dt>
                <dd class="description">{if detail.notes.is_empty() { "—".to_string() } else { detail.notes.clone() }}</dd>
            </dl>
            {(may_edit && !detail.erased).then(|| view! {
                <p><a class="button" href=format!("/admin/members/{id}/edit")>{t.record_edit}</a></p>
            })}
        </section>
        {(!detail.erased).then(|| view! { <OfficeSubscription id subscription=detail.newsletters.clone() may_edit/> })}
        <History entries=detail.history.clone()/>
        {(may_edit && !detail.erased).then(|| view! { <CourseForms detail=detail.clone()/> })}
        {(status == MemberStatus::Active && may_record_dues).then(|| view! { <DuesForm detail=detail.clone()/> })}
        <section class="form-section">
            {(status != MemberStatus::Pending).then(|| view! {
                <h2>{t.profile_heading}</h2>
                <ProfileFacts membership=detail.membership.clone()/>
            })}
            <p class="hint">{format!("{} {} · {}", t.privacy_version_label, detail.privacy_notice_version,
                format_datetime(lang, detail.privacy_consented_at))}</p>
        </section>
        {(status == MemberStatus::Active && has_account && may_appoint).then(|| view! { <ChairForms detail=detail.clone()/> })}
        {(has_account && may_edit).then(|| view! {
            <section class="form-section">
                <h2>{t.admin_login_heading}</h2>
                <ActionForm action=reset attr:class="form">
                    <FormMessage error=reset_error/>
                    <input type="hidden" name="id" value=id.to_string()/>
                    <p class="hint">{t.admin_reset_hint}</p>
                    <button type="submit" class="button">{t.admin_send_reset}</button>
                </ActionForm>
                <FormMessage error=disable_error/>
                <p>{if disabled { t.admin_login_disabled } else { t.admin_login_enabled }}</p>
                {
                    let switch = move || view! {
                        <ActionForm action=disable attr:class="form inline">
                            <input type="hidden" name="id" value=id.to_string()/>
                            <input type="hidden" name="disabled" value=(!disabled).to_string()/>
                            <button type="submit" class=if disabled { "button" } else { "button danger" }>
                                {if disabled { t.admin_enable } else { t.admin_disable }}
                            </button>
                        </ActionForm>
                    };
                    // Enabling takes nothing away; disabling shuts a person out, so it asks first.
                    if disabled {
                        switch().into_any()
                    } else {
                        view! {
                            <AskFirst what="disable" label=t.admin_disable/>
                            <Confirmation what="disable" question=(t.confirm_disable_login)(&name) consequence=t.confirm_disable_login_consequence>
                                {switch()}
                            </Confirmation>
                        }
                        .into_any()
                    }
                }
            </section>
        })}
        {(may_edit && status == MemberStatus::Active && detail.account_id.is_none() && detail.membership.email.is_some()).then(|| view! {
            <section class="form-section">
                <h2>{t.admin_login_heading}</h2>
                <ActionForm action=reset attr:class="form">
                    <FormMessage error=reset_error/>
                    <input type="hidden" name="id" value=id.to_string()/>
                    <p class="hint">{t.import_invite_one_hint}</p>
                    <button type="submit" class="button">{t.import_invite_one}</button>
                </ActionForm>
            </section>
        })}
        {(may_edit && (status.has_ended() || status == MemberStatus::Rejected) && !detail.erased).then(|| view! {
            <section class="form-section">
                <h2>{t.admin_erase_heading}</h2>
                <p>{t.admin_erase_lead}</p>
                <ActionForm action=erase attr:class="form">
                    <FormMessage error=erase_error/>
                    <input type="hidden" name="id" value=id.to_string()/>
                    <button type="submit" class="button danger">{t.admin_erase}</button>
                </ActionForm>
            </section>
        })}
    }
}

#[component]
fn DuesForm(detail: MemberDetail) -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    let action = ServerAction::<RecordDues>::new();
    let error = errors_of(action);
    let id = detail.membership.member_id;
    let methods =
        PaymentMethod::ALL.iter().map(|m| (m.code().to_string(), lang.payment_method(*m).to_string())).collect();
    let years =
        (1..=crate::domain::dues::MAX_YEARS_AT_ONCE).map(|n| (n.to_string(), (t.dues_years_count)(n))).collect();
    view! {
        <section class="form-section">
            <h2>{t.admin_dues_heading}</h2>
            <ActionForm action=action attr:class="form" attr:novalidate=true>
                <FormMessage error/>
                <input type="hidden" name="id" value=id.to_string()/>
                <TextField field="fiscal_year" name="fiscal_year".to_string() label=t.dues_fiscal_year kind="number"
                    value=detail.membership.current_fiscal_year.to_string() error hint=t.admin_dues_year_hint/>
                <TextField field="paid_on" name="paid_on".to_string() label=t.dues_paid_on kind="date"
                    value=detail.today.format("%Y-%m-%d").to_string() error/>
                <SelectField field="years" name="years".to_string() label=t.dues_years options=years
                    selected="1".to_string() error/>
                <TextField field="amount_yen" name="amount_yen".to_string() label=t.dues_amount
                    value="" hint=t.dues_amount_hint error/>
                <p class="hint">{(t.dues_this_member)(detail.default_fee_yen)}</p>
                <SelectField field="method" name="method".to_string() label=t.dues_method options=methods
                    selected="bank_transfer".to_string() error/>
                <TextField field="note" name="note".to_string() label=t.dues_note value="" error/>
                <button type="submit" class="button primary">{t.admin_dues_submit}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn ChairForms(detail: MemberDetail) -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    let action = ServerAction::<SetChair>::new();
    let error = errors_of(action);
    let id = detail.membership.member_id;
    let chair_slugs: Vec<String> = detail.membership.chairs.iter().map(|c| c.slug.clone()).collect();
    let forms = detail
        .all_committees
        .into_iter()
        .map(|c| {
            let chairs = chair_slugs.contains(&c.slug);
            let name = c.name.choose(lang).text.to_string();
            let slug = c.slug;
            let label = if chairs { t.admin_chair_remove } else { t.admin_chair_appoint };
            view! {
                <ActionForm action=action attr:class="form inline">
                    <input type="hidden" name="id" value=id.to_string()/>
                    <input type="hidden" name="committee" value=slug.clone()/>
                    <input type="hidden" name="appoint" value=(!chairs).to_string()/>
                    <span>{name.clone()}{chairs.then_some(format!(" — {}", t.chair_of))}</span>
                    {(!chairs).then(|| {
                        let (vice_id, until_id) = (format!("vice-{slug}"), format!("until-{slug}"));
                        let (vice_for, until_for) = (vice_id.clone(), until_id.clone());
                        view! {
                            <label class="choice" for=vice_for>
                                <input id=vice_id type="checkbox" name="vice" value="yes"/>
                                <span>{t.admin_chair_as_vice}</span>
                            </label>
                            <label for=until_for>{t.staff_valid_until}</label>
                            <input id=until_id type="date" name="valid_until"/>
                        }
                    })}
                    <button type="submit" class="button">{format!("{label}: {name}")}</button>
                </ActionForm>
            }
        })
        .collect_view();
    view! {
        <section class="form-section">
            <h2>{t.admin_chair_heading}</h2>
            <FormMessage error/>
            {forms}
        </section>
    }
}

/// The member's newsletter consent, and (records clerks) the office's record of one given on paper.
#[component]
fn OfficeSubscription(
    id: crate::domain::ids::MemberId,
    subscription: crate::domain::newsletter::Subscription,
    may_edit: bool,
) -> impl IntoView {
    use crate::api::subscriptions::SetMemberSubscription;
    use crate::pages::account::subscription::state_words;
    let lang = use_lang();
    let t = lang.t();
    let action = ServerAction::<SetMemberSubscription>::new();
    let error = errors_of(action);
    let subscribed = subscription.receiving();
    let state = state_words(lang, &subscription);
    view! {
        <section class="form-section" id="newsletters" aria-labelledby="newsletters-heading">
            <h2 id="newsletters-heading">{t.subscription_heading}</h2>
            <p>{state}</p>
            {may_edit.then(|| view! {
                <ActionForm action attr:class="form">
                    <FormMessage error/>
                    <input type="hidden" name="member_id" value=id.to_string()/>
                    <input type="hidden" name="subscribe" value=(!subscribed).to_string()/>
                    <p class="hint">{t.subscription_office_hint}</p>
                    <button type="submit" class="button">
                        {if subscribed { t.subscription_office_stop } else { t.subscription_office_start }}
                    </button>
                </ActionForm>
            })}
        </section>
    }
}
