//! The staff page: each person of the secretariat, their login, their roles and terms; adding a
//! person (by invitation or a first-time password), adding and removing roles, disabling a login.

use crate::api::staff::{
    load_staff, GrantStaffRole, InviteStaff, RevokeStaffRole, SetStaffDisabled, StaffPage, StaffPerson,
};
use crate::components::confirm::{asked, AskFirst, Confirmation};
use crate::components::fields::{SelectField, TextField};
use crate::components::form_errors::FormMessage;
use crate::components::loaded::loaded;
use crate::domain::dates::format_date;
use crate::domain::staff::StaffRole;
use crate::i18n::{use_lang, Lang};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn StaffAdminPage() -> impl IntoView {
    let query = use_query_map();
    let page = Resource::new(move || query.read().get("done"), |_| load_staff());
    loaded(page, |page| view! { <Staff page/> })
}

fn role_choices(lang: Lang) -> Vec<(String, String)> {
    StaffRole::ALL.iter().map(|r| (r.code().to_string(), lang.staff_role(*r).to_string())).collect()
}

#[component]
fn Staff(page: StaffPage) -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    let done = use_query_map().read_untracked().get("done").and_then(|done| match done.as_str() {
        "mail" => Some(t.staff_done_mail),
        "first_time_password" => Some(t.staff_done_first_time_password),
        "existing_login" => Some(t.staff_done_existing_login),
        "granted" => Some(t.staff_done_granted),
        "revoked" => Some(t.staff_done_revoked),
        "disabled" => Some(t.staff_done_disabled),
        "enabled" => Some(t.staff_done_enabled),
        _ => None,
    });
    view! {
        <Title text=t.staff_title/>
        <h1>{t.staff_title}</h1>
        <p class="lead">{t.staff_lead}</p>
        {done.map(|text| view! { <p class="notice success" role="status">{text}</p> })}
        {page.new_password.map(|(email, password)| view! {
            <section class="notice" role="status" aria-labelledby="new-password">
                <p id="new-password">{(t.staff_new_password)(&email)}</p>
                <p class="one-time-password"><code>{password}</code></p>
            </section>
        })}
        <div class="staff-list">
            {page.people.into_iter().map(|person| view! { <Person person/> }).collect_view()}
        </div>
        <InviteForm/>
    }
}

#[component]
fn Person(person: StaffPerson) -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    let state = if person.disabled {
        t.staff_state_disabled
    } else if person.invited {
        t.staff_state_invited
    } else if person.must_change_password {
        t.staff_state_first_password
    } else {
        t.staff_state_active
    };
    let today = crate::domain::dates::today_in_japan();
    let grants = person
        .grants
        .iter()
        .map(|grant| {
            let from = format_date(lang, grant.valid_from);
            let term = match grant.valid_until {
                Some(until) => (t.staff_term)(&from, &format_date(lang, until)),
                None => (t.staff_term_open)(&from),
            };
            let standing = (!grant.in_force).then(|| {
                if grant.valid_from > today {
                    t.staff_role_not_yet
                } else {
                    t.staff_role_ended
                }
            });
            view! {
                <li>
                    <strong>{lang.staff_role(grant.role)}</strong>" "{term}
                    {standing.map(|s| view! { " " <span class="badge">{s}</span> })}
                    <RevokeButton grant=grant.id/>
                </li>
            }
        })
        .collect_view();
    let what = format!("disable-{}", person.account_id);
    view! {
        <section class="form-section staff-person" aria-labelledby=format!("staff-{}", person.account_id)>
            <h2 id=format!("staff-{}", person.account_id)>{person.name.clone()}</h2>
            <dl class="facts">
                <dt>{t.account_email}</dt>
                <dd>{person.email.clone()}</dd>
                <dt>{t.staff_state_column}</dt>
                <dd>{state}</dd>
                <dt>{t.staff_roles_column}</dt>
                <dd><ul class="plain">{grants}</ul></dd>
            </dl>
            <GrantForm account=person.account_id/>
            {(!person.is_you).then(|| view! { <DisableStep person=person.clone() what=what.clone()/> })}
        </section>
    }
}

#[component]
fn RevokeButton(grant: i64) -> impl IntoView {
    let t = use_lang().t();
    let action = ServerAction::<RevokeStaffRole>::new();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    view! {
        <ActionForm action=action attr:class="form inline">
            <FormMessage error/>
            <input type="hidden" name="grant" value=grant/>
            <button type="submit" class="button small">{t.staff_revoke}</button>
        </ActionForm>
    }
}

#[component]
fn GrantForm(account: crate::domain::ids::AccountId) -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    let action = ServerAction::<GrantStaffRole>::new();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    view! {
        <details class="add-role">
            <summary>{t.staff_grant_heading}</summary>
            <ActionForm action=action attr:class="form" attr:novalidate=true>
                <FormMessage error/>
                <input type="hidden" name="account" value=account.0/>
                <SelectField field=format!("role-{}", account.0) name="role".to_string() label=t.staff_role
                    options=role_choices(lang) selected=String::new() error/>
                <TextField field=format!("valid_until-{}", account.0) name="valid_until".to_string() kind="date"
                    label=t.staff_valid_until hint=t.staff_valid_until_hint value="" error/>
                <button type="submit" class="button">{t.staff_grant_submit}</button>
            </ActionForm>
        </details>
    }
}

#[component]
fn DisableStep(person: StaffPerson, what: String) -> impl IntoView {
    let t = use_lang().t();
    let action = ServerAction::<SetStaffDisabled>::new();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    let account = person.account_id.0;
    if person.disabled {
        return view! {
            <ActionForm action=action>
                <FormMessage error/>
                <input type="hidden" name="account" value=account/>
                <input type="hidden" name="disabled" value="false"/>
                <button type="submit" class="button">{t.staff_enable}</button>
            </ActionForm>
        }
        .into_any();
    }
    let shown = asked(&what);
    view! {
        {(!shown).then(|| view! { <p><AskFirst what=what.clone() label=t.staff_disable danger=true/></p> })}
        <Confirmation what=what.clone() question=(t.confirm_disable_staff)(&person.name)
            consequence=t.confirm_disable_staff_consequence>
            <ActionForm action=action>
                <FormMessage error/>
                <input type="hidden" name="account" value=account/>
                <input type="hidden" name="disabled" value="true"/>
                <button type="submit" class="button danger">{t.staff_disable}</button>
            </ActionForm>
        </Confirmation>
    }
    .into_any()
}

#[component]
fn InviteForm() -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    let action = ServerAction::<InviteStaff>::new();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    view! {
        <section class="form-section" aria-labelledby="invite-heading">
            <h2 id="invite-heading">{t.staff_invite_heading}</h2>
            <p class="hint">{t.staff_invite_hint}</p>
            <ActionForm action=action attr:class="form" attr:novalidate=true>
                <FormMessage error/>
                <TextField field="name" name="name".to_string() label=t.staff_name value="" error required=true/>
                <TextField field="email" name="email".to_string() kind="email" label=t.account_email value="" error
                    required=true autocomplete="off"/>
                <SelectField field="role" name="role".to_string() label=t.staff_role options=role_choices(lang)
                    selected=StaffRole::Clerk.code().to_string() error required=true/>
                <TextField field="valid_until" name="valid_until".to_string() kind="date" label=t.staff_valid_until
                    hint=t.staff_valid_until_hint value="" error/>
                <fieldset class="field">
                    <legend>{t.staff_how}</legend>
                    <label class="choice"><input type="radio" name="how" value="mail" checked=true/>
                        <span>{t.staff_how_mail}</span></label>
                    <label class="choice"><input type="radio" name="how" value="password"/>
                        <span>{t.staff_how_password}</span></label>
                </fieldset>
                <button type="submit" class="button primary">{t.staff_invite_submit}</button>
            </ActionForm>
        </section>
    }
}
