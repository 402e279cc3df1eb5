//! The devices signed into one's account (OWASP ASVS 7.5.2): each with its browser, when it
//! signed in and was last used, this one marked; any can be signed out, or all the others.

use leptos::prelude::*;

use crate::{
    api::{end_device_sessions, my_devices},
    app::{forms::Submission, session::use_session},
};

#[component]
pub fn SignedInDevices() -> impl IntoView {
    let session = use_session();
    let devices = LocalResource::new(my_devices);
    let end = Submission::new(
        |id: String| end_device_sessions(id),
        move |()| devices.refetch(),
    );
    let pending = end.pending();
    view! {
        <section class="devices" aria-labelledby="devices-heading">
            <h2 id="devices-heading">"Signed-in devices"</h2>
                {move || devices.get().map(|result| match result {
                    Ok(list) => view! {
                        <ul class="device-list">
                            {list.into_iter().map(|device| {
                                let id = device.id.clone();
                                let name = if device.user_agent.is_empty() {
                                    "Unknown browser".to_owned()
                                } else {
                                    device.user_agent.clone()
                                };
                                view! {
                                    <li class="device">
                                        <span class="device-name">{name}</span>
                                        {device.current.then(|| view! { <strong>" (this device)"</strong> })}
                                        <span class="muted">
                                            " · signed in "
                                            <time datetime=device.signed_in.iso>{device.signed_in.text}</time>
                                            ", last used "
                                            <time datetime=device.last_used.iso>{device.last_used.text}</time>
                                        </span>
                                        {(!device.current).then(|| view! {
                                            <button type="button" class="link-button"
                                                disabled=move || pending.get()
                                                on:click=move |_| end.submit(id.clone())>
                                                "End this session"
                                            </button>
                                        })}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(error) => {
                        session.check(&error);
                        view! { <p class="form-error" role="alert">{error.to_string()}</p> }.into_any()
                    }
                }).unwrap_or_else(|| view! { <p>"Loading your devices…"</p> }.into_any())}
            <button type="button" disabled=move || pending.get()
                on:click=move |_| end.submit(String::new())>
                "End all other sessions"
            </button>
            <p class="form-error" role="alert">{move || end.error.get().map(|error| error.to_string())}</p>
        </section>
    }
}
