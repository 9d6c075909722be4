//! The member list: search, filters, reading order, pages of 50. The filters are a plain GET form,
//! so every view of the list has its own address (bookmarkable, works without JavaScript).

use crate::api::admin_members::member_list;
use crate::api::admin_members::MemberListPage;
use crate::components::loaded::loaded;
use crate::domain::member::MemberStatus;
use crate::domain::membership::MemberFilter;
use crate::domain::query_string::query_string;
use crate::i18n::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

fn filter_from_query() -> Memo<MemberFilter> {
    let query = use_query_map();
    Memo::new(move |_| {
        let q = query.read();
        let get = |key: &str| q.get(key).unwrap_or_default();
        MemberFilter {
            q: get("q"),
            status: get("status"),
            kind: get("kind"),
            committee: get("committee"),
            dues: get("dues"),
            year: get("year"),
            after: get("after"),
        }
    })
}

#[component]
pub fn MembersPage() -> impl IntoView {
    let filter = filter_from_query();
    let page = Resource::new(move || filter.get(), member_list);
    loaded(page, move |page| view! { <MemberTable page filter=filter.get_untracked()/> })
}

fn options(selected: &str, all: Vec<(String, String)>) -> impl IntoView {
    all.into_iter()
        .map(|(value, label)| {
            let is_selected = value == selected;
            view! { <option value=value selected=is_selected>{label}</option> }
        })
        .collect_view()
}

#[component]
fn MemberTable(page: MemberListPage, filter: MemberFilter) -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    let any = || (String::new(), t.filter_any.to_string());
    let statuses: Vec<_> = std::iter::once(any())
        .chain(MemberStatus::ALL.iter().map(|s| (s.code().to_string(), lang.member_status(*s).to_string())))
        .collect();
    let kinds: Vec<_> = std::iter::once(any())
        .chain(page.types.iter().map(|k| (k.code.clone(), k.name.choose(lang).text.to_string())))
        .collect();
    let committees: Vec<_> = std::iter::once(any())
        .chain(page.committees.iter().map(|c| (c.slug.clone(), c.name.choose(lang).text.to_string())))
        .collect();
    let dues =
        vec![any(), ("paid".to_string(), t.dues_paid.to_string()), ("unpaid".to_string(), t.dues_unpaid.to_string())];
    let year = if filter.year.is_empty() { page.current_fiscal_year.to_string() } else { filter.year.clone() };
    let years: Vec<_> =
        (2020..=page.current_fiscal_year + 1).rev().map(|y| (y.to_string(), (t.fiscal_year)(y))).collect();
    let next_href = page.next.as_ref().map(|cursor| {
        let mut f = filter.clone();
        f.after = cursor.clone();
        format!("/admin/members?{}", filter_query(&f))
    });
    let export_query = {
        let mut f = filter.clone();
        f.after = String::new();
        f.q = String::new();
        f.year = year.clone();
        filter_query(&f)
    };
    let rows = page
        .rows
        .into_iter()
        .map(|r| {
            view! {
                <tr>
                    <td class="number">{r.member_number.map(|n| n.to_string()).unwrap_or_default()}</td>
                    <td><a href=format!("/admin/members/{}", r.id)>{r.full_name}</a></td>
                    <td>{r.name_reading}</td>
                    <td>{r.email.unwrap_or_default()}</td>
                    <td>{r.type_name.choose(lang).text.to_string()}</td>
                    <td><span class=format!("status status-{}", r.status.code())>{lang.member_status(r.status)}</span></td>
                    <td>{if r.paid_this_year { t.dues_paid } else { t.dues_unpaid }}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <Title text=t.admin_members_title/>
        <h1>{t.admin_members_title}</h1>
        <form method="get" action="/admin/members" class="filters" role="search">
            <div class="field">
                <label for="q">{t.filter_search}</label>
                <input id="q" type="search" name="q" value=filter.q.clone()/>
                <p class="hint">{t.filter_search_hint}</p>
            </div>
            <div class="field"><label for="status">{t.membership_status}</label>
                <select id="status" name="status">{options(&filter.status, statuses)}</select></div>
            <div class="field"><label for="kind">{t.membership_type}</label>
                <select id="kind" name="kind">{options(&filter.kind, kinds)}</select></div>
            <div class="field"><label for="committee">{t.profile_committees}</label>
                <select id="committee" name="committee">{options(&filter.committee, committees)}</select></div>
            <div class="field"><label for="dues">{t.dues_heading}</label>
                <select id="dues" name="dues">{options(&filter.dues, dues)}</select></div>
            <div class="field"><label for="year">{t.dues_fiscal_year}</label>
                <select id="year" name="year">{options(&year, years)}</select></div>
            <button type="submit" class="button primary">{t.filter_submit}</button>
        </form>
        <p class="result-count" role="status">
            {if page.found > page.count_cap { (t.members_count_over)(page.count_cap) } else { (t.members_count)(page.found) }}
        </p>
        <table class="table members">
            <caption class="visually-hidden">{t.admin_members_title}</caption>
            <thead><tr>
                <th scope="col">{t.member_number}</th>
                <th scope="col">{t.profile_full_name}</th>
                <th scope="col">{t.profile_name_reading}</th>
                <th scope="col">{t.account_email}</th>
                <th scope="col">{t.membership_type}</th>
                <th scope="col">{t.membership_status}</th>
                <th scope="col">{(t.fiscal_year)(year.parse().unwrap_or(page.current_fiscal_year))}</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
        {next_href.map(|href| view! { <p><a class="button" href=href rel="next">{t.next_page}</a></p> })}
        <p class="actions">
            <a class="button" href=format!("/admin/exports/members.csv?{export_query}") download="">{t.export_members_utf8}</a>
            <a class="button" href=format!("/admin/exports/members.csv?{export_query}&encoding=cp932") download="">{t.export_members_cp932}</a>
            <a class="button" href=format!("/admin/exports/dues.csv?year={year}") download="">{t.export_dues}</a>
            <a class="button" href="/admin/imports">{t.import_nav}</a>
        </p>
    }
}

/// The filter as a query string (values percent-encoded).
fn filter_query(f: &MemberFilter) -> String {
    query_string([
        ("q", f.q.as_str()),
        ("status", &f.status),
        ("kind", &f.kind),
        ("committee", &f.committee),
        ("dues", &f.dues),
        ("year", &f.year),
        ("after", &f.after),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_page_links_keep_the_filters() {
        let f = MemberFilter {
            q: "たなか".into(),
            status: "active".into(),
            after: "12:たなか".into(),
            ..Default::default()
        };
        let qs = filter_query(&f);
        assert!(qs.starts_with("q=%E3%81%9F"), "{qs}");
        assert!(qs.contains("&status=active&after=12%3A"), "{qs}");
    }
}
