//! A logo or icon uploaded from the settings page.

use leptos::prelude::*;

use crate::{
    app::{forms::Alert, session::use_session},
    i18n::{page_locale, td_string},
    model::SettingKey,
};

use super::Fields;

/// Puts an image through the site's image pipeline (`/api/uploads`, as the editor does) and
/// its address into the setting.
#[component]
pub(super) fn ImageUpload(
    key: SettingKey,
    value: RwSignal<String>,
    fields: Fields,
) -> impl IntoView {
    let locale = page_locale();
    let session = use_session();
    let progress = RwSignal::new(None::<u32>);
    let failure = RwSignal::new(None::<String>);
    let picker = format!("{}-picker", key.name());
    let picked = move |event: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            use crate::client::uploads::{self, UploadFailure};
            let Some(file) = uploads::take_picked(&event).into_iter().next() else {
                return;
            };
            failure.set(None);
            progress.set(Some(0));
            uploads::send(
                &file,
                move |fraction| progress.set(Some((fraction * 100.0).round() as u32)),
                move |outcome| {
                    progress.set(None);
                    match outcome {
                        Ok(uploaded) => {
                            value.set(uploaded.url);
                            fields.own(key);
                        }
                        Err(UploadFailure::SignedOut) => session.end(),
                        Err(other) => failure.set(Some(crate::app::errors::upload_failure(
                            other,
                            crate::i18n::page_locale(),
                        ))),
                    }
                },
            );
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (event, progress, failure, session, value, fields, key);
    };
    view! {
        <div class="image-tools">
            {move || (!value.get().is_empty()).then(|| view! {
                <img class="setting-image" src=value.get() alt="" height="32" />
            })}
            <label class="button" for=picker.clone()>{td_string!(locale, site_settings.upload_image)}</label>
            <input type="file" id=picker class="visually-hidden"
                accept="image/png,image/jpeg,image/gif,image/webp" on:change=picked />
            {move || progress.get().map(|percent| view! {
                <progress max="100" value=percent></progress>" "{percent}"%"
            })}
        </div>
        {move || failure.get().map(|reason| view! {
            <Alert message=format!("{}: {reason}", td_string!(locale, editor.upload_failed)) />
        })}
    }
}
