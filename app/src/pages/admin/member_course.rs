//! On a member's page: the membership's history, and the office's steps (record its end, reinstate
//! it, change its type from a fiscal year). Each form is a plain post that works without JavaScript.

use crate::api::admin_members::{HistoryEntry, MemberDetail};
use crate::api::member_records::{ChangeMemberType, EndMembership, ReinstateMember};
use crate::components::confirm::{asked, AskFirst, Confirmation};
use crate::components::fields::{SelectField, TextField};
use crate::components::form_errors::{errors_of, FormMessage};
use crate::domain::dates::format_date;
use crate::domain::member::{MemberStatus, MembershipChange};
use crate::i18n::use_lang;
use leptos::prelude::*;

#[component]
pub fn History(entries: Vec<HistoryEntry>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    let rows = entries
        .into_iter()
        .map(|entry| {
            let what = match (&entry.new_type, entry.from_fiscal_year) {
                (Some(kind), Some(year)) => {
                    format!("{}: {}", lang.membership_change(entry.change), (t.history_new_type)(&kind.get(lang), year))
                }
                _ => lang.membership_change(entry.change).to_string(),
            };
            // No recorder: the member's own step (applying, withdrawing online), else the system's.
            let own = matches!(entry.change, MembershipChange::Applied | MembershipChange::Withdrawn);
            let by =
                entry
                    .recorded_by
                    .unwrap_or_else(|| if own { t.history_by_member.to_string() } else { "—".to_string() });
            view! {
                <tr>
                    <td>{format_date(lang, entry.effective_on)}</td>
                    <td>{what}</td>
                    <td data-label=(!entry.reason.is_empty()).then_some(t.history_reason)>{entry.reason.clone()}</td>
                    <td data-label=t.history_recorded_by>{by}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="form-section" aria-labelledby="history-heading">
            <h2 id="history-heading">{t.history_heading}</h2>
            <table class="table cards history">
                <thead><tr>
                    <th scope="col">{t.history_date}</th>
                    <th scope="col">{t.history_change}</th>
                    <th scope="col">{t.history_reason}</th>
                    <th scope="col">{t.history_recorded_by}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
}

/// The office's steps on the membership, as its status allows.
#[component]
pub fn CourseForms(detail: MemberDetail) -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    let status = detail.membership.status;
    let id = detail.membership.member_id;
    let name = detail.membership.profile.full_name.clone();
    let end = ServerAction::<EndMembership>::new();
    let reinstate = ServerAction::<ReinstateMember>::new();
    let change_type = ServerAction::<ChangeMemberType>::new();
    let (end_error, reinstate_error, type_error) = (errors_of(end), errors_of(reinstate), errors_of(change_type));
    let endings = move || {
        vec![
            ("withdrawn".to_string(), t.end_withdrawn.to_string()),
            ("deceased".to_string(), t.end_deceased.to_string()),
            ("lapsed".to_string(), t.end_lapsed.to_string()),
        ]
    };
    // Copy, so the form's closures may take it as often as they run.
    let today = detail.today;
    let types: Vec<(String, String)> =
        detail.types.iter().map(|k| (k.code.clone(), k.name.get(lang).to_string())).collect();
    let current_type = detail.membership.membership_type.code.clone();
    let year = detail.current_fiscal_year;
    let years = vec![(year.to_string(), (t.fiscal_year)(year)), ((year + 1).to_string(), (t.fiscal_year)(year + 1))];
    let open = matches!(status, MemberStatus::Pending | MemberStatus::Active);
    let can_reinstate = matches!(status, MemberStatus::Withdrawn | MemberStatus::Lapsed) && !detail.erased;
    view! {
        <section class="form-section" aria-labelledby="course-heading">
            <h2 id="course-heading">{t.course_heading}</h2>
            {detail.next_type.clone().map(|(kind, from)| view! {
                <p class="notice">{(t.course_next_type)(&kind.get(lang), from)}</p>
            })}
            {(status == MemberStatus::Active).then(|| view! {
                <ActionForm action=change_type attr:class="form" attr:novalidate=true>
                    <h3>{t.course_type_heading}</h3>
                    <FormMessage error=type_error/>
                    <input type="hidden" name="id" value=id.to_string()/>
                    <SelectField field="type_code" name="type_code".to_string() label=t.membership_type options=types
                        selected=current_type error=type_error/>
                    <SelectField field="from_year" name="from_year".to_string() label=t.course_from_year options=years
                        selected=(year + 1).to_string() error=type_error/>
                    <button type="submit" class="button">{t.course_type_submit}</button>
                </ActionForm>
            })}
            {open.then(|| {
                let what = "end-membership";
                let shown = asked(what);
                view! {
                    <h3>{t.course_end_heading}</h3>
                    <p class="hint">{t.course_end_hint}</p>
                    {(!shown).then(|| view! { <p><AskFirst what=what label=t.course_end_submit danger=true/></p> })}
                    <Confirmation what=what question=(t.confirm_end_membership)(&name) consequence=t.course_end_hint>
                        <ActionForm action=end attr:class="form" attr:novalidate=true>
                            <FormMessage error=end_error/>
                            <input type="hidden" name="id" value=id.to_string()/>
                            <SelectField field="change" name="change".to_string() label=t.course_end_kind options=endings()
                                selected="withdrawn".to_string() error=end_error/>
                            <TextField field="effective_on" name="effective_on".to_string() kind="date" label=t.course_effective_on
                                hint=t.course_effective_on_hint value=today.format("%Y-%m-%d").to_string() error=end_error/>
                            <TextField field="reason" name="reason".to_string() label=t.course_reason value="" error=end_error/>
                            <button type="submit" class="button danger">{t.course_end_submit}</button>
                        </ActionForm>
                    </Confirmation>
                }
            })}
            {can_reinstate.then(|| view! {
                <ActionForm action=reinstate attr:class="form" attr:novalidate=true>
                    <h3>{t.course_reinstate_heading}</h3>
                    <FormMessage error=reinstate_error/>
                    <input type="hidden" name="id" value=id.to_string()/>
                    <TextField field="effective_on" name="effective_on".to_string() kind="date" label=t.course_effective_on
                        value=today.format("%Y-%m-%d").to_string() error=reinstate_error/>
                    <TextField field="reason" name="reason".to_string() label=t.course_reason value="" error=reinstate_error/>
                    <button type="submit" class="button">{t.course_reinstate_submit}</button>
                </ActionForm>
            })}
        </section>
    }
}
