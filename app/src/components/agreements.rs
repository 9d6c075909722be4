//! A partner city's agreements as a list: kind, the other party when it differs, status and dates.

use crate::domain::city_agreement::Agreement;
use crate::domain::dates::format_date;
use crate::i18n::use_lang;
use leptos::prelude::*;

#[component]
pub fn AgreementList(agreements: Vec<Agreement>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    view! {
        <ul class="agreements">
            {agreements
                .into_iter()
                .map(|a| {
                    let counterpart = a.counterpart.get(lang);
                    let with = (!counterpart.is_empty()).then(|| (t.agreement_with)(&counterpart));
                    let concluded = a.concluded_on.map(|d| (t.agreement_concluded_on)(&d.format(lang)));
                    let ended = a.ended_on.map(|d| (t.agreement_ended_on)(&format_date(lang, d)));
                    let dates = [concluded, ended].into_iter().flatten().collect::<Vec<_>>().join(t.list_comma);
                    let note = a.note.get(lang);
                    view! {
                        <li id=format!("agreement-{}", a.id)>
                            <strong>{lang.agreement_kind(a.kind)}</strong>
                            {with}
                            " "
                            <span class=format!("badge status-{}", a.status.code())>{lang.agreement_status(a.status)}</span>
                            {(!dates.is_empty()).then(|| view! { <br/><span>{dates}</span> })}
                            {(!note.is_empty()).then(|| view! { <br/><span class="hint">{note}</span> })}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
