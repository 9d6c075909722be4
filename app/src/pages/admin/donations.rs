//! Donations (`/admin/donations?year=`): the record form (a member by number, or someone outside by
//! name and address), then the year's donations, each with its receipt (issue, issue again, open
//! the PDF) and a void with its reason. Staff with `Dues`.

use crate::api::donations::{load_donations, IssueDonationReceipt, RecordDonation, VoidDonation};
use crate::components::fields::{SelectField, TextField};
use crate::components::form_errors::{errors_of, FormMessage};
use crate::components::loaded::loaded;
use crate::domain::dates::format_date;
use crate::domain::donation::{Donation, DonationsPage};
use crate::domain::dues::PaymentMethod;
use crate::i18n::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn DonationsPageView() -> impl IntoView {
    let query = use_query_map();
    let page = Resource::new(
        move || (query.read().get("year").and_then(|y| y.parse::<i32>().ok()), query.read().get("v")),
        |(year, _)| load_donations(year),
    );
    loaded(page, |page| view! { <Donations page/> })
}

#[component]
fn Donations(page: DonationsPage) -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    let record = ServerAction::<RecordDonation>::new();
    let error = errors_of(record);
    let issue = ServerAction::<IssueDonationReceipt>::new();
    let void = ServerAction::<VoidDonation>::new();
    let issue_error = errors_of(issue);
    let void_error = errors_of(void);
    let (count, total) = page.totals();
    let DonationsPage { year, this_year, donations, form, .. } = page;
    let recorded = use_query_map().read_untracked().get("recorded").is_some();
    let mailed = use_query_map().read_untracked().get("receipt_mailed").is_some();
    let years = ((this_year - 5)..=this_year).rev().map(|y| {
        view! { <option value=y.to_string() selected=y == year>{y.to_string()}</option> }
    });
    let methods =
        PaymentMethod::ALL.iter().map(|m| (m.code().to_string(), lang.payment_method(*m).to_string())).collect();
    let empty = donations.is_empty();
    let items = donations.into_iter().map(|d| view! { <DonationItem d issue void/> }).collect_view();
    view! {
        <Title text=t.donations_title/>
        <p><a href="/admin">{t.dashboard_title}</a></p>
        <h1>{t.donations_title}</h1>
        <p class="lead">{t.donations_lead}</p>
        {recorded.then(|| view! { <p class="notice success" role="status">{t.donation_recorded}</p> })}
        {mailed.then(|| view! { <p class="notice success" role="status">{t.receipt_mailed}</p> })}
        <section class="form-section">
            <h2>{t.donation_record_heading}</h2>
            <ActionForm action=record attr:class="form" attr:novalidate=true>
                <FormMessage error/>
                <TextField field="member_number" name="donation[member_number]".into() label=t.donation_member_number
                    value=form.member_number error hint=t.donation_member_number_hint/>
                <fieldset class="field">
                    <legend>{t.donation_outside_legend}</legend>
                    <TextField field="donor_name" name="donation[donor_name]".into() label=t.donation_donor_name
                        value=form.donor_name error autocomplete="off"/>
                    <TextField field="donor_postal_code" name="donation[donor_postal_code]".into() label=t.profile_postal_code
                        value=form.donor_postal_code error autocomplete="off"/>
                    <TextField field="donor_address" name="donation[donor_address]".into() label=t.donation_donor_address
                        value=form.donor_address error autocomplete="off"/>
                </fieldset>
                <TextField field="received_on" name="donation[received_on]".into() label=t.donation_received_on kind="date"
                    value=form.received_on error/>
                <TextField field="amount_yen" name="donation[amount_yen]".into() label=t.donation_amount value=form.amount_yen error/>
                <SelectField field="method" name="donation[method]".into() label=t.dues_method options=methods
                    selected=form.method error/>
                <TextField field="purpose" name="donation[purpose]".into() label=t.donation_purpose value=form.purpose error
                    hint=t.donation_purpose_hint/>
                <TextField field="note" name="donation[note]".into() label=t.dues_note value=form.note error/>
                <button type="submit" class="button primary">{t.donation_record_submit}</button>
            </ActionForm>
        </section>
        <section class="form-section">
            <h2>{(t.donations_of_year)(year)}</h2>
            <form method="get" action="/admin/donations" class="filters">
                <div class="field">
                    <label for="donations-year">{t.paper_year}</label>
                    <select id="donations-year" name="year">{years.collect_view()}</select>
                </div>
                <button type="submit" class="button">{t.paper_show}</button>
            </form>
            <p>{(t.donations_total)(count, &lang.yen(total))}</p>
            <FormMessage error=issue_error/>
            <FormMessage error=void_error/>
            {empty.then(|| view! { <p>{t.donations_none}</p> })}
            <ul class="statement-lines">{items}</ul>
        </section>
    }
}

#[component]
fn DonationItem(
    d: Donation,
    issue: ServerAction<IssueDonationReceipt>,
    void: ServerAction<VoidDonation>,
) -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    let id = d.id;
    let donor = match (d.member_id, d.member_number) {
        (Some(member), number) => {
            let number = number.map(|n| format!("{} ", (t.statement_member_no)(n))).unwrap_or_default();
            view! { <a href=format!("/admin/members/{member}")>{format!("{number}{}", d.donor)}</a> }.into_any()
        }
        (None, _) => view! { <span>{format!("{}（{}）", d.donor, t.donation_outside)}</span> }.into_any(),
    };
    let live = d.voided.is_none();
    let receipt = d.receipt.clone();
    view! {
        <li class="statement-line" id=format!("donation-{id}")>
            <p class="statement-credit">
                <span>{format_date(lang, d.received_on)}</span>" "
                <strong class="amount">{lang.yen(d.amount_yen)}</strong>" "
                <span>{lang.payment_method(d.method)}</span>
            </p>
            <p>{donor}</p>
            {(!d.purpose.is_empty()).then(|| view! { <p>{(t.donation_purpose_shown)(&d.purpose)}</p> })}
            {(!d.note.is_empty()).then(|| view! { <p class="hint">{d.note.clone()}</p> })}
            {d.voided.clone().map(|why| view! { <p><strong>{(t.donation_voided)(&why)}</strong></p> })}
            {receipt.map(|r| view! {
                <p>
                    {(t.receipt_line)(&r.number_label(), r.issues)}" "
                    <a href=format!("/admin/paper/receipts/{}", r.id)>{t.receipt_open}</a>
                </p>
            })}
            {live.then(|| view! {
                <ActionForm action=issue attr:class="form">
                    <input type="hidden" name="id" value=id.to_string()/>
                    <button type="submit" class="button">{if d.receipt.is_some() { t.receipt_reissue } else { t.receipt_issue }}</button>
                </ActionForm>
                <details>
                    <summary>{t.donation_void}</summary>
                    <ActionForm action=void attr:class="form">
                        <input type="hidden" name="id" value=id.to_string()/>
                        <div class="field">
                            <label for=format!("void-{id}")>{t.donation_void_reason}</label>
                            <input id=format!("void-{id}") name="reason" type="text" required/>
                        </div>
                        <button type="submit" class="button danger">{t.donation_void}</button>
                    </ActionForm>
                </details>
            })}
        </li>
    }
}
