//! The header's links, edited as rows.

use leptos::prelude::*;

use crate::{
    i18n::{page_locale, td_string},
    model::{NavLink, PostStatus, SettingKey, SiteSettingsPage, routes},
    server_fns::list_pages,
};

use super::{Fields, Source};

/// The header's links, in order: a label and an address each.
#[component]
pub(super) fn NavigationEditor(
    fields: Fields,
    page: RwSignal<SiteSettingsPage>,
    error: RwSignal<Option<crate::model::AppError>>,
) -> impl IntoView {
    let locale = page_locale();
    let message = move || {
        error
            .get()
            .and_then(|error| error.for_field("navigation"))
            .map(|message| {
                crate::app::errors::with_label(
                    td_string!(locale, site_settings.navigation),
                    &message,
                    locale,
                )
            })
    };
    // The published standalone pages' addresses, named under the links to copy from.
    let pages = LocalResource::new(list_pages);
    let page_addresses = move || {
        let addresses: Vec<String> = pages
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .filter(|page| page.status == PostStatus::Published)
            .map(|page| routes::page_href(&page.slug))
            .collect();
        (!addresses.is_empty()).then(|| {
            view! {
                <p class="hint page-addresses">
                    {td_string!(locale, site_settings.page_addresses)}" "
                    {addresses.into_iter().map(|href| view! { <code>{href}</code>" " }).collect_view()}
                </p>
            }
        })
    };
    let add = move |_| {
        let row = fields.link_row(NavLink::default());
        fields.navigation.update(|rows| rows.push(row));
        fields.own(SettingKey::Navigation);
    };
    view! {
        <fieldset class="navigation-editor">
            <legend>{td_string!(locale, site_settings.navigation)}</legend>
            <p class="hint">{td_string!(locale, site_settings.navigation_hint)}</p>
            <ol>
                <For each=move || fields.navigation.get() key=|row| row.id let:row>
                    <li>
                        <input type="text" maxlength="40" aria-label=td_string!(locale, site_settings.link_label)
                            placeholder=td_string!(locale, site_settings.link_label)
                            bind:value=row.label on:input=move |_| fields.own(SettingKey::Navigation) />
                        <input type="text" aria-label=td_string!(locale, site_settings.link_address)
                            placeholder="/about"
                            bind:value=row.href on:input=move |_| fields.own(SettingKey::Navigation) />
                        <button type="button" on:click=move |_| {
                            fields.navigation.update(|rows| rows.retain(|other| other.id != row.id));
                            fields.own(SettingKey::Navigation);
                        }>{td_string!(locale, site_settings.remove_link)}</button>
                    </li>
                </For>
            </ol>
            {page_addresses}
            <button type="button" on:click=add>{td_string!(locale, site_settings.add_link)}</button>
            <Source key=SettingKey::Navigation fields page />
            <p class="field-error" role="alert">{message}</p>
        </fieldset>
    }
}
