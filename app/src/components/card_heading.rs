use leptos::prelude::*;

/// The linked title of a card in a list: an `h2` when the list is the page's main content, an `h3`
/// when it sits under a section heading (as on the home page), so heading levels never skip.
#[component]
pub fn CardHeading(href: String, title: String, under_section: bool) -> impl IntoView {
    let link = view! { <a href=href>{title}</a> };
    if under_section {
        view! { <h3>{link}</h3> }.into_any()
    } else {
        view! { <h2>{link}</h2> }.into_any()
    }
}
