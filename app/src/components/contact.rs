//! How to reach the secretariat, from the details it keeps (`association_contact`): the home
//! page's "contact" section and every page's footer.

use crate::domain::address::format_postal_code;
use crate::domain::association::AssociationContact;
use crate::i18n::use_lang;
use leptos::prelude::*;

/// The details that are filled in, each with its name; nothing for an empty one.
#[component]
pub fn ContactDetails(contact: AssociationContact) -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    let office = (!contact.office.is_empty()).then(|| {
        let address = match contact.postal_code.as_str() {
            "" => contact.office.get(lang),
            code => format!("{} {}", format_postal_code(code), contact.office.get(lang)),
        };
        view! { <dt>{t.contact_office}</dt><dd>{address}</dd> }
    });
    let phone = (!contact.phone.is_empty()).then(|| {
        let href = format!("tel:{}", contact.phone.replace(['-', ' ', '(', ')'], ""));
        view! { <dt>{t.contact_phone}</dt><dd><a href=href>{contact.phone.clone()}</a></dd> }
    });
    let email = (!contact.email.is_empty()).then(|| {
        view! { <dt>{t.contact_email}</dt><dd><a href=format!("mailto:{}", contact.email)>{contact.email.clone()}</a></dd> }
    });
    let hours =
        (!contact.hours.is_empty()).then(|| view! { <dt>{t.contact_hours}</dt><dd>{contact.hours.get(lang)}</dd> });
    view! { <dl class="contact-details">{office}{phone}{email}{hours}</dl> }
}
