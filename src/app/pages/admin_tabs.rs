//! The admin pages' tabs.

use leptos::prelude::*;

use crate::i18n::{page_locale, td_string};

/// The admin pages' own navigation: accounts, settings, the audit log, email, pages.
#[component]
pub fn AdminTabs(current: &'static str) -> impl IntoView {
    let locale = page_locale();
    let tab = move |href: &'static str, label: &'static str| {
        let here = (href == current).then_some("page");
        view! { <a href=href aria-current=here>{label}</a> }
    };
    view! {
        <nav class="admin-tabs" aria-label=td_string!(locale, site_settings.admin_pages)>
            {tab("/admin", td_string!(locale, admin.link))}
            {tab("/admin/settings", td_string!(locale, site_settings.title))}
            {tab("/admin/audit", td_string!(locale, audit.title))}
            {tab("/admin/email", td_string!(locale, outbox.title))}
            {tab("/pages", td_string!(locale, pages.title))}
        </nav>
    }
}
