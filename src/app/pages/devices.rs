//! The devices signed into one's account (OWASP ASVS 7.5.2): each with its browser, when it
//! signed in and was last used, this one marked; any can be signed out, or all the others.

use leptos::prelude::*;

use crate::{
    app::local_time,
    app::{
        forms::{ErrorMessage, FormError, Submission},
        session::use_session,
    },
    i18n::{Locale, page_locale, td_string},
    model::{Device, SignInMethod},
    server_fns::{end_device_sessions, my_devices},
};

/// "Firefox 133 on Linux", else what the browser said of itself, else "An unknown browser".
fn device_name(locale: Locale, device: &Device) -> String {
    match (&device.browser, &device.system) {
        (Some(browser), Some(system)) => td_string!(
            locale,
            devices.browser_on,
            browser = browser.as_str(),
            system = system.as_str()
        )
        .to_string(),
        (Some(browser), None) => browser.clone(),
        (None, _) if !device.user_agent.is_empty() => device.user_agent.clone(),
        (None, _) => td_string!(locale, devices.unknown_browser).to_owned(),
    }
}

/// How a device signed in, as the list says it (" with a password").
fn method_name(locale: Locale, method: SignInMethod) -> &'static str {
    match method {
        SignInMethod::Password => td_string!(locale, devices.with_password),
        SignInMethod::PasswordAndTotp => td_string!(locale, devices.with_password_and_code),
        SignInMethod::RecoveryCode => td_string!(locale, devices.with_recovery_code),
    }
}

#[component]
pub fn SignedInDevices() -> impl IntoView {
    let locale = page_locale();
    let session = use_session();
    let devices = LocalResource::new(my_devices);
    let end = Submission::new(
        |id: String| end_device_sessions(id),
        move |()| devices.refetch(),
    );
    let pending = end.pending();
    view! {
        <section class="devices" aria-labelledby="devices-heading">
            <h2 id="devices-heading">{td_string!(locale, devices.title)}</h2>
                {move || devices.get().map(|result| match result {
                    Ok(list) => view! {
                        <ul class="device-list">
                            {list.into_iter().map(|device| {
                                let id = device.id.clone();
                                let name = device_name(locale, &device);
                                let described = device.user_agent.clone();
                                view! {
                                    <li class="device">
                                        <span class="device-name" title=described>{name}</span>
                                        {device.current.then(|| view! { <strong>{td_string!(locale, devices.this_device)}</strong> })}
                                        <span class="muted">
                                            {td_string!(locale, devices.signed_in)}
                                            <time datetime=device.signed_in.iso>
                                                {local_time::shown(device.signed_in.millis, locale)}
                                            </time>
                                            <span class="sign-in-method">{method_name(locale, device.sign_in_method)}</span>
                                            {td_string!(locale, devices.last_used)}
                                            <time datetime=device.last_used.iso>
                                                {local_time::shown(device.last_used.millis, locale)}
                                            </time>
                                        </span>
                                        {(!device.current).then(|| view! {
                                            <button type="button" class="link-button"
                                                disabled=move || pending.get()
                                                on:click=move |_| end.submit(id.clone())>
                                                {td_string!(locale, devices.end_session)}
                                            </button>
                                        })}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(error) => {
                        session.check(&error);
                        view! { <ErrorMessage error /> }.into_any()
                    }
                }).unwrap_or_else(|| view! { <p>{td_string!(locale, devices.loading)}</p> }.into_any())}
            <button type="button" disabled=move || pending.get()
                on:click=move |_| end.submit(String::new())>
                {td_string!(locale, devices.end_all)}
            </button>
            <FormError error=end.error fields=&[] />
        </section>
    }
}
