//! The paper page (`/admin/paper?year=`): a fiscal year's receipts (issue the missing ones, open
//! them all), its dues notice letters for members who get post, address labels, and the members
//! who asked for post without an address. Staff with `PostalMail`; receipts and letters need
//! `Dues` too.

use crate::api::paper::{paper_overview, IssueReceipts, PaperSummary, SendDuesMail};
use crate::components::confirm::{asked, Confirmation};
use crate::components::form_errors::{errors_of, FormMessage};
use crate::components::loaded::loaded;
use crate::i18n::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn PaperPage() -> impl IntoView {
    let query = use_query_map();
    let page = Resource::new(move || query.read().get("year").and_then(|y| y.parse::<i32>().ok()), paper_overview);
    loaded(page, |page| view! { <Paper page/> })
}

#[component]
fn Paper(page: PaperSummary) -> impl IntoView {
    let t = use_lang().t();
    let issue = ServerAction::<IssueReceipts>::new();
    let error = errors_of(issue);
    let PaperSummary {
        year,
        this_year,
        may_dues,
        payments,
        with_receipt,
        unprinted,
        payment_account_set,
        postal,
        postal_unpaid,
        without_address,
        notice_mail,
        reminder_mail,
        reminders_open,
        preview,
    } = page;
    let send = ServerAction::<SendDuesMail>::new();
    let send_error = errors_of(send);
    let mailed = use_query_map().read_untracked().get("mailed").and_then(|n| n.parse::<usize>().ok());
    // Mail cannot be taken back: the button asks first, then the question holds the real one.
    let send_form = move |kind: &'static str, label: String, count: i64| {
        let what = format!("mail-{kind}");
        let shown = asked(&what);
        view! {
            {(!shown).then(|| view! {
                <p><a class="button primary" href=format!("/admin/paper?year={year}&confirm={what}#confirm")>{label}</a></p>
            })}
            <Confirmation what=what.clone() question=(t.mail_question)(count) consequence=t.mail_consequence>
                <ActionForm action=send attr:class="form">
                    <input type="hidden" name="year" value=year.to_string()/>
                    <input type="hidden" name="kind" value=kind/>
                    <button type="submit" class="button primary">{t.mail_send_submit}</button>
                </ActionForm>
            </Confirmation>
        }
    };
    let previews = preview
        .into_iter()
        .map(|(subject, body)| view! { <article class="mail"><h3>{subject}</h3><pre class="mail-body">{body}</pre></article> })
        .collect_view();
    let missing = payments - with_receipt;
    let years = ((this_year - 5)..=(this_year + 1)).rev().map(|y| {
        view! { <option value=y.to_string() selected=y == year>{y.to_string()}</option> }
    });
    let labels = |query: String, count: i64, label: String| {
        view! {
            <li>
                {label}
                {(count > 0).then(|| view! {
                    " " <a class="button" href=format!("/admin/paper/labels?sheet=12{query}")>{t.paper_sheet_12}</a>
                    " " <a class="button" href=format!("/admin/paper/labels?sheet=24{query}")>{t.paper_sheet_24}</a>
                })}
            </li>
        }
    };
    let dues = may_dues.then(|| {
        view! {
            <section class="form-section">
                <h2>{t.paper_receipts_heading}</h2>
                <p>{(t.paper_receipts_count)(year, payments, with_receipt)}</p>
                <p class="hint">{t.paper_receipts_hint}</p>
                {(missing > 0).then(|| view! {
                    <ActionForm action=issue attr:class="form">
                        <FormMessage error/>
                        <input type="hidden" name="year" value=year.to_string()/>
                        <button type="submit" class="button primary">{(t.paper_issue_missing)(missing)}</button>
                    </ActionForm>
                })}
                {(unprinted > 0).then(|| view! {
                    <p><a class="button" href=format!("/admin/paper/receipts?year={year}")>{(t.paper_receipts_pdf)(unprinted)}</a></p>
                })}
                {(with_receipt > 0).then(|| view! {
                    <p><a class="button" href=format!("/admin/paper/receipts?year={year}&all=1")>{t.paper_receipts_all_pdf}</a></p>
                    <p class="hint">{t.paper_receipts_copies_hint}</p>
                })}
            </section>
            <section class="form-section" id="mail">
                <h2>{t.mail_heading}</h2>
                {mailed.map(|n| view! { <p class="notice success" role="status">{(t.mail_sent_done)(n)}</p> })}
                <p class="hint">{t.mail_hint}</p>
                <FormMessage error=send_error/>
                <p>{(t.mail_notice_progress)(notice_mail.0, notice_mail.1)}</p>
                {(notice_mail.1 > 0).then(|| send_form("notice", (t.mail_send_notice)(notice_mail.1), notice_mail.1))}
                {if reminders_open {
                    view! {
                        <p>{(t.mail_reminder_progress)(reminder_mail.0, reminder_mail.1)}</p>
                        {(reminder_mail.1 > 0).then(|| send_form("reminder", (t.mail_send_reminder)(reminder_mail.1), reminder_mail.1))}
                    }.into_any()
                } else {
                    view! { <p class="hint">{t.mail_reminder_later}</p> }.into_any()
                }}
                <details>
                    <summary>{t.mail_preview}</summary>
                    {previews}
                </details>
            </section>
            <section class="form-section">
                <h2>{t.paper_notices_heading}</h2>
                <p>{(t.paper_notices_count)(postal_unpaid)}</p>
                {(!payment_account_set).then(|| view! {
                    <p class="notice todo"><a href="/admin/settings">{t.paper_no_account}</a></p>
                })}
                <p class="hint">{t.paper_notices_hint}</p>
                {(postal_unpaid > 0).then(|| view! {
                    <p><a class="button" href=format!("/admin/paper/notices?year={year}")>{t.paper_notices_pdf}</a></p>
                })}
            </section>
        }
    });
    let no_address = without_address
        .into_iter()
        .map(|(id, number, name)| {
            let number = number.map(|n| format!("{n} ")).unwrap_or_default();
            view! { <li><a href=format!("/admin/members/{id}")>{format!("{number}{name}")}</a></li> }
        })
        .collect::<Vec<_>>();
    view! {
        <Title text=t.paper_title/>
        <h1>{t.paper_title}</h1>
        <form method="get" action="/admin/paper" class="filters">
            <div class="field">
                <label for="paper-year">{t.paper_year}</label>
                <select id="paper-year" name="year">{years.collect_view()}</select>
            </div>
            <button type="submit" class="button">{t.paper_show}</button>
        </form>
        {dues}
        <section class="form-section">
            <h2>{t.paper_labels_heading}</h2>
            <p class="hint">{t.paper_labels_hint}</p>
            <ul class="paper-labels">
                {labels(String::new(), postal, (t.paper_labels_everyone)(postal))}
                {labels(format!("&unpaid={year}"), postal_unpaid, (t.paper_labels_unpaid)(postal_unpaid))}
            </ul>
        </section>
        {(!no_address.is_empty()).then(|| view! {
            <section class="form-section">
                <h2>{t.paper_without_address_heading}</h2>
                <p class="hint">{t.paper_without_address_hint}</p>
                <ul>{no_address}</ul>
            </section>
        })}
    }
}
