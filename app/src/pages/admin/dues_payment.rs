//! One dues payment (`/admin/members/{id}/dues/{payment}`): its values, its corrections, a form to
//! correct it (with the reason) and, after a second step, to void it. Treasurers and admins.

use crate::api::dues::{load_dues_payment, CorrectDuesPayment, PaymentPage, VoidDuesPayment};
use crate::api::paper::IssueReceipt;
use crate::components::confirm::{asked, AskFirst, Confirmation};
use crate::components::fields::{SelectField, TextField};
use crate::components::form_errors::{errors_of, FormMessage};
use crate::components::loaded::loaded;
use crate::domain::dates::format_date;
use crate::domain::dues::{FieldChange, PaymentMethod};
use crate::domain::receipt::{Cancelled, Receipt};
use crate::error::AppError;
use crate::i18n::{use_lang, Lang};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn DuesPaymentPage() -> impl IntoView {
    let params = use_params_map();
    let page = Resource::new(
        move || (params.read().get("id"), params.read().get("payment")),
        |(id, payment)| async move {
            let id = id.and_then(|id| id.parse().ok()).ok_or(AppError::NotFound)?;
            let payment = payment.and_then(|p| p.parse().ok()).ok_or(AppError::NotFound)?;
            load_dues_payment(id, payment).await
        },
    );
    loaded(page, |page| view! { <PaymentEditor page/> })
}

/// A changed field as the page shows it: its label, and the values in the reader's words.
fn change_line(lang: Lang, change: &FieldChange) -> String {
    let t = lang.t();
    let (label, shown): (&str, fn(Lang, &str) -> String) = match change.field.as_str() {
        "fiscal_year" => {
            (t.dues_fiscal_year, |lang, v| v.parse::<i32>().map(|y| (lang.t().fiscal_year)(y)).unwrap_or_default())
        }
        "paid_on" => {
            (t.dues_paid_on, |lang, v| v.parse::<chrono::NaiveDate>().map(|d| format_date(lang, d)).unwrap_or_default())
        }
        "amount_yen" => (t.dues_amount, |lang, v| v.parse::<i32>().map(|y| lang.yen(y)).unwrap_or_default()),
        "method" => (t.dues_method, |lang, v| {
            PaymentMethod::parse(v).map(|m| lang.payment_method(m).to_string()).unwrap_or_default()
        }),
        _ => (t.dues_note, |_, v| v.to_string()),
    };
    format!("{label}: {} → {}", shown(lang, &change.before), shown(lang, &change.after))
}

#[component]
fn PaymentEditor(page: PaymentPage) -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    let correct = ServerAction::<CorrectDuesPayment>::new();
    let correct_error = errors_of(correct);
    let void = ServerAction::<VoidDuesPayment>::new();
    let void_error = errors_of(void);
    let PaymentPage { member_id, member_name, member_number, payment, revisions, receipts, mail_to, form, reason } =
        page;
    let title = (t.dues_payment_title)(&member_name, payment.payment.fiscal_year);
    let member_url = format!("/admin/members/{member_id}");
    let payment_id = payment.id.to_string();
    let methods =
        PaymentMethod::ALL.iter().map(|m| (m.code().to_string(), lang.payment_method(*m).to_string())).collect();
    let history = revisions
        .iter()
        .map(|r| {
            let lines = r.changes.iter().map(|c| view! { <li>{change_line(lang, c)}</li> }).collect_view();
            view! {
                <li>
                    {format!("{} {}", crate::domain::dates::format_datetime(lang, r.revised_at), r.revised_by.clone().unwrap_or_default())}
                    <ul>{lines}</ul>
                    <p>{format!("{}: {}", t.reason_label, r.reason)}</p>
                </li>
            }
        })
        .collect_view();
    // The confirmation's form is rendered again whenever the address changes: it reads copies.
    let payment_number = payment.id;
    let what = "void-payment";
    let shown = asked(what);
    view! {
        <Title text=title.clone()/>
        <p><a href=member_url.clone()>{t.record_back}</a></p>
        <h1>{title}</h1>
        <p>{format!("{} {}", t.member_number, member_number.map(|n| n.to_string()).unwrap_or_else(|| "—".into()))}</p>
        <Receipts payment=payment_number receipts mail_to/>
        {(!revisions.is_empty()).then(|| view! {
            <section class="form-section">
                <h2>{t.dues_revisions_heading}</h2>
                <ol class="revisions">{history}</ol>
            </section>
        })}
        <section class="form-section">
            <h2>{t.dues_correct_heading}</h2>
            <p class="hint">{t.dues_correct_hint}</p>
            <ActionForm action=correct attr:class="form" attr:novalidate=true>
                <FormMessage error=correct_error/>
                <input type="hidden" name="payment" value=payment_id.clone()/>
                <TextField field="fiscal_year" name="fiscal_year".to_string() label=t.dues_fiscal_year kind="number"
                    value=form.fiscal_year error=correct_error/>
                <TextField field="paid_on" name="paid_on".to_string() label=t.dues_paid_on kind="date"
                    value=form.paid_on error=correct_error/>
                <TextField field="amount_yen" name="amount_yen".to_string() label=t.dues_amount
                    value=form.amount_yen error=correct_error/>
                <SelectField field="method" name="method".to_string() label=t.dues_method options=methods
                    selected=form.method error=correct_error/>
                <TextField field="note" name="note".to_string() label=t.dues_note value=form.note error=correct_error/>
                <TextField field="reason" name="reason".to_string() label=t.reason_label hint=t.dues_reason_hint
                    value=reason error=correct_error required=true/>
                <button type="submit" class="button primary">{t.dues_correct_submit}</button>
            </ActionForm>
        </section>
        <section class="form-section">
            <h2>{t.dues_void_heading}</h2>
            {(!shown).then(|| view! { <p class="hint">{t.dues_void_hint}</p> })}
            {(!shown).then(|| view! { <p><AskFirst what=what label=t.dues_void_submit danger=true/></p> })}
            <Confirmation what=what question=t.dues_void_question consequence=t.dues_void_hint>
                <ActionForm action=void attr:class="form" attr:novalidate=true>
                    <FormMessage error=void_error/>
                    <input type="hidden" name="id" value=member_id.to_string()/>
                    <input type="hidden" name="payment" value=payment_number.to_string()/>
                    <TextField field="reason" scope="void" name="reason".to_string() label=t.reason_label
                        hint=t.dues_reason_hint value="" error=void_error required=true/>
                    <button type="submit" class="button danger">{t.dues_void_submit}</button>
                </ActionForm>
            </Confirmation>
        </section>
    }
}

/// The payment's receipts (the one in force, then cancelled ones) and the button that issues it,
/// or issues it again.
#[component]
fn Receipts(payment: i64, receipts: Vec<Receipt>, mail_to: Option<String>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    let mailed = leptos_router::hooks::use_query_map().read_untracked().get("receipt_mailed").is_some();
    // The receipt in force can go by email (a plain form: the server crate draws the PDF).
    let in_force_id = receipts.first().filter(|r| r.cancelled.is_none()).map(|r| r.id);
    let mail = in_force_id.map(|id| match mail_to {
        Some(address) => view! {
            <form method="post" action=format!("/admin/paper/receipts/{id}/mail") class="form">
                <p class="hint">{t.receipt_mail_hint}</p>
                <button type="submit" class="button">{(t.receipt_mail_submit)(&address)}</button>
            </form>
        }
        .into_any(),
        None => view! { <p class="hint">{t.receipt_mail_no_email}</p> }.into_any(),
    });
    let issue = ServerAction::<IssueReceipt>::new();
    let error = errors_of(issue);
    let in_force = receipts.first().is_some_and(|r| r.cancelled.is_none());
    let lines = receipts
        .iter()
        .map(|r| {
            let state = match r.cancelled {
                None => None,
                Some(Cancelled::Voided) => Some(t.receipt_cancelled_voided),
                Some(Cancelled::Changed) => Some(t.receipt_cancelled_changed),
            };
            view! {
                <li>
                    {(t.receipt_line)(&r.number_label(), r.issues)}
                    {state.map(|s| view! { " " <strong>{s}</strong> })}
                    " " <a href=format!("/admin/paper/receipts/{}", r.id)>{t.receipt_open}</a>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="form-section" id="receipt">
            <h2>{t.receipt_heading}</h2>
            {mailed.then(|| view! { <p class="notice success" role="status">{t.receipt_mailed}</p> })}
            {if receipts.is_empty() {
                view! { <p>{t.receipt_none}</p> }.into_any()
            } else {
                view! { <ul class="receipts">{lines}</ul> }.into_any()
            }}
            {in_force.then(|| view! { <p class="hint">{t.receipt_reissue_hint}</p> })}
            <ActionForm action=issue attr:class="form">
                <FormMessage error/>
                <input type="hidden" name="payment" value=payment.to_string()/>
                <button type="submit" class="button">{if in_force { t.receipt_reissue } else { t.receipt_issue }}</button>
            </ActionForm>
            {mail}
        </section>
    }
}
