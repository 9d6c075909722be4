//! How a membership reads: status, number, type, dues by fiscal year, and the stored details.
//! Shared by "my page" and the secretariat's member page.

use crate::domain::address::format_postal_code;
use crate::domain::dates::format_date;
use crate::domain::dues::DuesStanding;
use crate::domain::member::MemberStatus;
use crate::domain::membership::MyMembership;
use crate::i18n::names::{language_name, prefecture_name};
use crate::i18n::use_lang;
use leptos::prelude::*;

/// `correct_from`: for staff who keep dues, the member's page address: each payment links to its
/// page (`{correct_from}/dues/{id}`) to be corrected or voided.
#[component]
pub fn MembershipFacts(
    membership: MyMembership,
    #[prop(default = None)] correct_from: Option<String>,
) -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    let m = membership;
    let status_note = match m.status {
        MemberStatus::Pending => Some(t.status_pending_note.to_string()),
        MemberStatus::Rejected => Some(format!("{}{}", t.status_rejected_note, m.rejection_reason)),
        _ => None,
    };
    let standing = m.dues_standing.map(|s| {
        let (class, text) = match s {
            DuesStanding::Paid => ("badge paid", t.dues_paid),
            DuesStanding::Due => ("badge due", t.dues_due),
            DuesStanding::Lapsed => ("badge lapsed", t.dues_lapsed),
        };
        view! { <span class=class data-dues=format!("{s:?}").to_lowercase()>{text}</span> }.into_any()
    });
    let rows = m
        .dues
        .iter()
        .map(|d| {
            let owed = d.owed_yen().map(|owed| view! { <br/><span class="partial">{(t.dues_partial)(owed)}</span> });
            let corrected = d.corrected.then(|| view! { <br/><span class="hint">{t.dues_corrected}</span> });
            let link = correct_from.as_ref().map(|base| {
                view! { <td class="action"><a href=format!("{base}/dues/{}", d.id)>{t.dues_correct_link}</a></td> }
            });
            let p = &d.payment;
            view! {
                <tr>
                    <td data-label=t.dues_fiscal_year>{(t.fiscal_year)(p.fiscal_year)}</td>
                    <td data-label=t.dues_paid_on>{format_date(lang, p.paid_on)}</td>
                    <td class="number" data-label=t.dues_amount>{lang.yen(p.amount_yen)}{owed}</td>
                    <td data-label=t.dues_method>{lang.payment_method(p.method)}</td>
                    <td data-label=t.dues_note>{p.note.clone()}{corrected}</td>
                    {link}
                </tr>
            }
        })
        .collect_view();
    let has_dues = !m.dues.is_empty();
    let chairs = m.chairs.iter().map(|c| c.name.choose(lang).text.to_string()).collect::<Vec<_>>().join("、");
    view! {
        <section class="membership">
            <h2>{t.membership_heading}</h2>
            <dl class="facts membership-facts">
                <dt>{t.membership_status}</dt>
                <dd><span class=format!("status status-{}", m.status.code())>{lang.member_status(m.status)}</span></dd>
                <dt>{t.member_number}</dt>
                <dd>{m.member_number.map(|n| n.to_string()).unwrap_or_else(|| "—".to_string())}</dd>
                <dt>{t.membership_type}</dt>
                <dd>
                    {m.membership_type.name.choose(lang).text.to_string()}
                    <br/>
                    <span class="hint">{(t.dues_for_units)(m.membership_type.fee_per_unit_yen, m.units)}</span>
                </dd>
                <dt>{t.dues_this_year}" （"{(t.fiscal_year)(m.current_fiscal_year)}"）"</dt>
                <dd>{standing.unwrap_or_else(|| view! { <span class="badge">"—"</span> }.into_any())}</dd>
                {(!chairs.is_empty()).then(|| view! { <dt>{t.chair_of}</dt><dd>{chairs.clone()}</dd> })}
            </dl>
            {status_note.map(|note| view! { <p class="notice" role="status">{note}</p> })}
            <h3>{t.dues_heading}</h3>
            {if has_dues {
                view! {
                    <div class="table-scroll"><table class="table dues">
                        <thead><tr>
                            <th scope="col">{t.dues_fiscal_year}</th>
                            <th scope="col">{t.dues_paid_on}</th>
                            <th scope="col">{t.dues_amount}</th>
                            <th scope="col">{t.dues_method}</th>
                            <th scope="col">{t.dues_note}</th>
                            {correct_from.is_some().then(|| view! { <th scope="col"><span class="visually-hidden">{t.dues_correct_link}</span></th> })}
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table></div>
                }.into_any()
            } else {
                view! { <p>{t.dues_none}</p> }.into_any()
            }}
        </section>
    }
}

#[component]
pub fn ProfileFacts(membership: MyMembership) -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    let p = membership.profile;
    let address = format!(
        "{} {}{}{}",
        format_postal_code(&p.postal_code),
        prefecture_name(p.prefecture_code, lang),
        p.city,
        p.street
    );
    let spoken = p.languages.iter().map(|code| language_name(code, lang).to_string()).collect::<Vec<_>>().join("、");
    let committees =
        membership.committees.iter().map(|c| c.name.choose(lang).text.to_string()).collect::<Vec<_>>().join("、");
    let household = p
        .household
        .iter()
        .map(|h| {
            let born = h.birth_date.map(|d| format!(" {}", format_date(lang, d))).unwrap_or_default();
            let reading = if h.name_reading.is_empty() { String::new() } else { format!("（{}）", h.name_reading) };
            view! { <li>{format!("{}{} {}{}", h.full_name, reading, h.relationship, born)}</li> }
        })
        .collect_view();
    let yes_no = |b: bool| if b { t.yes } else { t.no };
    view! {
        <dl class="facts profile-facts">
            <dt>{t.profile_full_name}</dt>
            <dd>{p.full_name.clone()}</dd>
            <dt>{t.profile_name_reading}</dt>
            <dd>{p.name_reading.to_string()}</dd>
            {(!p.name_romaji.is_empty()).then(|| view! { <dt>{t.profile_name_romaji}</dt><dd>{p.name_romaji.clone()}</dd> })}
            {(!p.organisation_name.is_empty()).then(|| view! { <dt>{t.profile_organisation_name}</dt><dd>{p.organisation_name.clone()}</dd> })}
            <dt>{t.account_email}</dt>
            <dd>{membership.email.clone().unwrap_or_default()}</dd>
            <dt>{t.profile_phone}</dt>
            <dd>{p.phone.clone()}</dd>
            <dt>{t.profile_address_heading}</dt>
            <dd>{address}</dd>
            <dt>{t.profile_birth_date}</dt>
            <dd>{p.birth_date.map(|d| format_date(lang, d)).unwrap_or_else(|| "—".to_string())}</dd>
            <dt>{t.profile_languages}</dt>
            <dd>{spoken}</dd>
            <dt>{t.profile_committees}</dt>
            <dd>{committees}</dd>
            <dt>{t.profile_photo_consent_short}</dt>
            <dd>{yes_no(p.photo_consent)}</dd>
            {(!p.household.is_empty()).then(|| view! {
                <dt>{t.profile_household_heading}</dt>
                <dd><ul class="plain">{household}</ul></dd>
            })}
        </dl>
    }
}
