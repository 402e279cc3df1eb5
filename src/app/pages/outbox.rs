//! `/admin/email`: the outbox, for admins. What the site sent, what waits (and when it is
//! tried next), what failed and why; a sent or failed message can be sent again.

use leptos::prelude::*;
use leptos_meta::Title;

use super::admin_tabs::AdminTabs;
use crate::{
    app::{
        forms::{Alert, ErrorMessage},
        session::{RequireUser, use_session},
    },
    i18n::{Locale, format_date, page_locale, td_string},
    model::{Action as Permission, Moment, OutboxMessage},
    server_fns::{outbox, resend_message},
};

#[component]
pub fn EmailAdminPage() -> impl IntoView {
    let locale = page_locale();
    view! {
        <Title text=td_string!(locale, outbox.title) />
        <div data-hydrate-now="">
            <OutboxScreen />
        </div>
    }
}

#[island(lazy)]
fn OutboxScreen() -> impl IntoView {
    let locale = page_locale();
    let session = use_session();
    let is_admin = move || {
        session.user.with(|user| {
            user.as_ref()
                .is_some_and(|user| user.role.may(Permission::ManageSite))
        })
    };
    view! {
        <RequireUser here="/admin/email">
            <section class="admin" aria-labelledby="outbox-heading">
                <AdminTabs current="/admin/email" />
                <h1 id="outbox-heading">{td_string!(locale, outbox.title)}</h1>
                {move || if is_admin() {
                    view! { <Messages /> }.into_any()
                } else {
                    view! { <Alert message=td_string!(locale, site_settings.not_allowed) /> }.into_any()
                }}
            </section>
        </RequireUser>
    }
}

#[component]
fn Messages() -> impl IntoView {
    let locale = page_locale();
    let session = use_session();
    let state = RwSignal::new(String::new());
    let before = RwSignal::new(None::<i64>);
    // Bumped by a resend, so the list is read again.
    let version = RwSignal::new(0u32);
    let page = LocalResource::new(move || {
        version.track();
        let state = state.get();
        outbox((!state.is_empty()).then_some(state), before.get())
    });
    let choose = move |event: leptos::ev::Event| {
        before.set(None);
        state.set(event_target_value(&event));
    };
    view! {
        <p class="muted">{td_string!(locale, outbox.intro)}</p>
        <div class="field">
            <label for="outbox-state">{td_string!(locale, outbox.show)}</label>
            <select id="outbox-state" on:change=choose>
                <option value="">{td_string!(locale, outbox.all)}</option>
                <option value="queued">{td_string!(locale, outbox.state_queued)}</option>
                <option value="sending">{td_string!(locale, outbox.state_sending)}</option>
                <option value="sent">{td_string!(locale, outbox.state_sent)}</option>
                <option value="failed">{td_string!(locale, outbox.state_failed)}</option>
            </select>
        </div>
        {move || page.get().map(|result| match result {
            Ok(page) => {
                let older = page.older;
                let relay = (!page.sending).then(|| view! {
                    <p class="notice">{td_string!(locale, outbox.no_relay)}</p>
                });
                let list = if page.messages.is_empty() {
                    view! { <p class="empty">{td_string!(locale, outbox.empty)}</p> }.into_any()
                } else {
                    view! {
                        <div class="table-scroll" tabindex="0">
                            <table class="members outbox">
                                <thead>
                                    <tr>
                                        <th scope="col">{td_string!(locale, outbox.queued_at)}</th>
                                        <th scope="col">{td_string!(locale, outbox.to)}</th>
                                        <th scope="col">{td_string!(locale, outbox.subject)}</th>
                                        <th scope="col">{td_string!(locale, outbox.state)}</th>
                                        <th scope="col">{td_string!(locale, outbox.attempts)}</th>
                                        <th scope="col">{td_string!(locale, outbox.last_error)}</th>
                                        <th scope="col"><span class="visually-hidden">{td_string!(locale, outbox.resend)}</span></th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {page.messages.into_iter().map(|message| view! { <MessageRow message version /> }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }
                    .into_any()
                };
                view! {
                    {relay}
                    {list}
                    {older.map(|id| view! {
                        <button type="button" on:click=move |_| before.set(Some(id))>
                            {td_string!(locale, outbox.older)}
                        </button>
                    })}
                }
                .into_any()
            }
            Err(error) => {
                session.check(&error);
                view! { <ErrorMessage error /> }.into_any()
            }
        })}
    }
}

#[component]
fn MessageRow(message: OutboxMessage, version: RwSignal<u32>) -> impl IntoView {
    let locale = page_locale();
    let session = use_session();
    let id = message.id;
    let resend = Action::new(move |_: &()| resend_message(id));
    Effect::new(move || match resend.value().get() {
        Some(Ok(())) => version.update(|version| *version += 1),
        Some(Err(error)) => session.check(&error),
        None => {}
    });
    let may_resend = matches!(message.state.as_str(), "sent" | "failed");
    let state = match &message.next_attempt_at {
        Some(next) if message.attempts > 0 => format!(
            "{} ({} {})",
            state_name(locale, &message.state),
            td_string!(locale, outbox.next_try),
            when(locale, next)
        ),
        _ => state_name(locale, &message.state).to_owned(),
    };
    view! {
        <tr>
            <td><time datetime=message.queued_at.iso.clone()>{when(locale, &message.queued_at)}</time></td>
            <td>{message.recipient}</td>
            <td>{message.subject}</td>
            <td>{state}</td>
            <td>{message.attempts}</td>
            <td>{message.last_error.unwrap_or_default()}</td>
            <td>
                {may_resend.then(|| view! {
                    <button type="button" on:click=move |_| { resend.dispatch(()); } disabled=move || resend.pending().get()>
                        {td_string!(locale, outbox.resend)}
                    </button>
                })}
            </td>
        </tr>
    }
}

/// A moment as the date in the page's language and the time in UTC.
fn when(locale: Locale, moment: &Moment) -> String {
    format!(
        "{} {} UTC",
        format_date(locale, moment.millis),
        moment.iso.get(11..16).unwrap_or_default()
    )
}

/// A state as stored, in the page's language.
fn state_name(locale: Locale, state: &str) -> &'static str {
    match state {
        "queued" => td_string!(locale, outbox.state_queued),
        "sending" => td_string!(locale, outbox.state_sending),
        "sent" => td_string!(locale, outbox.state_sent),
        _ => td_string!(locale, outbox.state_failed),
    }
}
