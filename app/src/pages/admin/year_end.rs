//! Closing a fiscal year (`/admin/year-end?year=`): the treasurer's report (figures by class and
//! by method, with charts, and its CSV), and the members unpaid under the articles' rule, whom the
//! office lapses all at once after a second step, with the reason. Staff who read the members;
//! the lapse for records clerks and admins, once the year has ended.

use crate::api::year_end::{year_end, LapseUnpaid, YearClose};
use crate::components::bar_chart::BarChart;
use crate::components::confirm::{asked, Confirmation};
use crate::components::fields::TextField;
use crate::components::form_errors::{errors_of, FormMessage};
use crate::components::loaded::loaded;
use crate::domain::year_end::years_looked_at;
use crate::i18n::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn YearEndPage() -> impl IntoView {
    let query = use_query_map();
    let page = Resource::new(move || query.read().get("year").and_then(|y| y.parse::<i32>().ok()), year_end);
    loaded(page, |page| view! { <Close page/> })
}

#[component]
fn Close(page: YearClose) -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    let YearClose { this_year, rule_years, report, unpaid, may_lapse, closable, reason } = page;
    let year = report.year;
    let lapsed = use_query_map().read_untracked().get("lapsed").and_then(|n| n.parse::<usize>().ok());
    let years = ((this_year - 6)..=this_year).rev().map(|y| {
        view! { <option value=y.to_string() selected=y == year>{y.to_string()}</option> }
    });
    let class_rows = report
        .by_class
        .iter()
        .map(|c| {
            view! {
                <tr>
                    <th scope="row">{c.name.get(lang)}</th>
                    <td class="number" data-label=t.report_members_col>{c.members}</td>
                    <td class="number" data-label=t.report_payments_col>{c.payments}</td>
                    <td class="number" data-label=t.report_collected_col>{lang.yen(c.collected_yen)}</td>
                    <td class="number" data-label=t.report_expected_col>{lang.yen(c.expected_yen)}</td>
                </tr>
            }
        })
        .collect_view();
    let method_rows = report
        .by_method
        .iter()
        .map(|m| {
            view! {
                <tr>
                    <th scope="row">{lang.payment_method(m.method)}</th>
                    <td class="number" data-label=t.report_payments_col>{m.payments}</td>
                    <td class="number" data-label=t.report_collected_col>{lang.yen(m.collected_yen)}</td>
                </tr>
            }
        })
        .collect_view();
    let class_bars = report.by_class.iter().map(|c| (c.name.get(lang), c.collected_yen)).collect();
    let method_bars =
        report.by_method.iter().map(|m| (lang.payment_method(m.method).to_string(), m.collected_yen)).collect();
    let summary =
        (t.report_summary)(report.payments(), &lang.yen(report.collected_yen()), &lang.yen(report.expected_yen()));
    let range = years_looked_at(year, rule_years);
    let count = unpaid.len();
    let unpaid_rows = unpaid
        .iter()
        .map(|m| {
            let number = m.member_number.map(|n| n.to_string()).unwrap_or_default();
            view! {
                <tr>
                    <td data-label=t.member_number>{number}</td>
                    <td data-label=t.profile_full_name><a href=format!("/admin/members/{}", m.id)>{m.full_name.clone()}</a></td>
                    <td data-label=t.report_class_col>{m.class_name.get(lang)}</td>
                    <td class="number" data-label=t.unpaid_owed_col>{lang.yen(m.owed_yen)}</td>
                </tr>
            }
        })
        .collect_view();
    let action = ServerAction::<LapseUnpaid>::new();
    let error = errors_of(action);
    let shown = asked("lapse");
    // The confirmation's form is rendered again whenever the address changes: it reads a copy.
    let reason = StoredValue::new(reason);
    let lapse = (may_lapse && closable && count > 0).then(|| {
        view! {
            {(!shown).then(|| view! {
                <p><a class="button danger" href=format!("/admin/year-end?year={year}&confirm=lapse#confirm")>{(t.lapse_ask)(count)}</a></p>
            })}
            <Confirmation what="lapse" question=(t.lapse_question)(count) consequence=t.lapse_consequence>
                <ActionForm action attr:class="form" attr:novalidate=true>
                    <FormMessage error/>
                    <input type="hidden" name="year" value=year.to_string()/>
                    <TextField field="reason" name="reason".to_string() label=t.reason_label value=reason.get_value()
                        error required=true/>
                    <button type="submit" class="button danger">{t.lapse_submit}</button>
                </ActionForm>
            </Confirmation>
        }
    });
    view! {
        <Title text=(t.year_end_title)(year)/>
        <h1>{(t.year_end_title)(year)}</h1>
        {lapsed.map(|n| view! { <p class="notice success" role="status">{(t.lapsed_done)(n)}</p> })}
        <form method="get" action="/admin/year-end" class="filters">
            <div class="field">
                <label for="year-end-year">{t.paper_year}</label>
                <select id="year-end-year" name="year">{years.collect_view()}</select>
            </div>
            <button type="submit" class="button">{t.paper_show}</button>
        </form>
        <section class="form-section">
            <h2>{t.report_heading}</h2>
            <p class="dues-summary">{summary}</p>
            <h3>{t.report_by_class}</h3>
            <div class="table-scroll">
                <table class="table report cards">
                    <thead><tr>
                        <th scope="col">{t.report_class_col}</th>
                        <th scope="col">{t.report_members_col}</th>
                        <th scope="col">{t.report_payments_col}</th>
                        <th scope="col">{t.report_collected_col}</th>
                        <th scope="col">{t.report_expected_col}</th>
                    </tr></thead>
                    <tbody>{class_rows}</tbody>
                </table>
            </div>
            <BarChart title=t.report_chart_class.to_string() bars=class_bars/>
            <h3>{t.report_by_method}</h3>
            <div class="table-scroll">
                <table class="table report cards">
                    <thead><tr>
                        <th scope="col">{t.report_method_col}</th>
                        <th scope="col">{t.report_payments_col}</th>
                        <th scope="col">{t.report_collected_col}</th>
                    </tr></thead>
                    <tbody>{method_rows}</tbody>
                </table>
            </div>
            <BarChart title=t.report_chart_method.to_string() bars=method_bars/>
            <p>{(t.report_receipts)(report.receipts)}</p>
            <p>{(t.report_voided)(report.voided, &lang.yen(report.voided_yen))}</p>
            <p>{(t.report_donations)(report.donations, &lang.yen(report.donations_yen))}</p>
            <p class="hint">{t.report_note}</p>
            <p><a class="button" href=format!("/admin/exports/dues-report.csv?year={year}")>{t.report_csv}</a></p>
        </section>
        <section class="form-section">
            <h2>{t.unpaid_heading}</h2>
            <p>{(t.unpaid_rule)(*range.start(), *range.end())}</p>
            {(!closable).then(|| view! { <p class="notice">{t.unpaid_not_ended}</p> })}
            {if count == 0 {
                view! { <p>{t.unpaid_none}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll">
                        <table class="table unpaid cards">
                            <thead><tr>
                                <th scope="col">{t.member_number}</th>
                                <th scope="col">{t.profile_full_name}</th>
                                <th scope="col">{t.report_class_col}</th>
                                <th scope="col">{t.unpaid_owed_col}</th>
                            </tr></thead>
                            <tbody>{unpaid_rows}</tbody>
                        </table>
                    </div>
                }.into_any()
            }}
            {lapse}
        </section>
    }
}
