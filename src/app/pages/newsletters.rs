//! Newsletters, for readers. `/subscribe` (`?author=<name>` for one author's posts) takes an
//! address, or subscribes a signed-in reader's account at once; `/subscribe/confirm/<token>`,
//! the emailed link, confirms on opening (as any sign-up confirmation); `/unsubscribe/<token>`,
//! every newsletter's link out, asks for a click first (a mail scanner fetching the link must
//! not unsubscribe anyone) and its form posts to the one-click door
//! (`server::doors::unsubscribe`), so it works without JavaScript.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::{
    app::{
        forms::{Alert, ErrorMessage, Field, FormError, Submission},
        session::use_session,
        site_info,
    },
    i18n::{page_locale, td_string},
    model::routes::{sign_in_href, subscribe_href, unsubscribe_href},
    server_fns::{
        confirm_subscription, my_subscription, save_my_subscription, subscribe_by_email,
        subscription_of_link,
    },
};

fn token() -> String {
    use_params_map()
        .read_untracked()
        .get("token")
        .unwrap_or_default()
}

#[component]
pub fn SubscribePage() -> impl IntoView {
    let locale = page_locale();
    let site = site_info();
    let author = use_query_map()
        .read_untracked()
        .get("author")
        .filter(|author| !author.trim().is_empty());
    let heading = match &author {
        Some(author) => td_string!(
            locale,
            newsletters.subscribe_to_author,
            author = author.as_str()
        )
        .to_string(),
        None => td_string!(
            locale,
            newsletters.subscribe_to_site,
            site = site.title.as_str()
        )
        .to_string(),
    };
    view! {
        <Title text=heading.clone() />
        <section class="auth-page" data-hydrate-now="">
            <h1>{heading}</h1>
            {if site.newsletters {
                view! {
                    <p>{td_string!(locale, newsletters.intro)}</p>
                    <SubscribeForm author=author.unwrap_or_default() />
                }
                .into_any()
            } else {
                view! { <p role="status">{td_string!(locale, newsletters.no_email)}</p> }.into_any()
            }}
        </section>
    }
}

/// An address to confirm, signed out; the account's own subscription, signed in.
#[island(lazy)]
fn SubscribeForm(author: String) -> impl IntoView {
    let session = use_session();
    let locale = page_locale();
    let email = RwSignal::new(String::new());
    let sent = RwSignal::new(false);
    let request = {
        let author = author.clone();
        Submission::new(
            move |email: String| subscribe_by_email(email, author.clone()),
            move |()| sent.set(true),
        )
    };
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        sent.set(false);
        request.submit(email.get_untracked());
    };
    let pending = request.pending();
    let here = subscribe_href(Some(author.as_str()).filter(|author| !author.is_empty()));
    move || {
        match session.user.get() {
        Some(user) => view! { <AccountSubscription author=author.clone() email=user.email /> }.into_any(),
        None => view! {
            <form method="post" on:submit=submit novalidate>
                <Field name="email" label=td_string!(locale, signup.email) kind="email" autocomplete="email" value=email error=request.error />
                <FormError error=request.error fields=&["email"] />
                <p class="notice" role="status">
                    {move || sent.get().then(|| td_string!(locale, newsletters.check_inbox))}
                </p>
                <button type="submit" disabled=move || pending.get()>
                    {move || {
                        if pending.get() {
                            td_string!(locale, newsletters.subscribing)
                        } else {
                            td_string!(locale, newsletters.subscribe)
                        }
                    }}
                </button>
                <p class="hint">
                    <a href=sign_in_href(&here)>{td_string!(locale, newsletters.with_account)}</a>
                </p>
            </form>
        }
        .into_any(),
    }
    }
}

/// The signed-in reader's subscription: asked for once the island wakes, changed by a click.
#[component]
fn AccountSubscription(author: String, email: String) -> impl IntoView {
    let locale = page_locale();
    let subscribed = RwSignal::new(None::<bool>);
    let asking_for = author.clone();
    leptos::task::spawn_local(async move {
        let answer = my_subscription(asking_for).await;
        subscribed.try_set(Some(answer.unwrap_or(false)));
    });
    let toggle = Submission::new(
        move |wanted: bool| save_my_subscription(author.clone(), wanted),
        move |now: bool| subscribed.set(Some(now)),
    );
    let pending = toggle.pending();
    view! {
        <p role="status">
            {move || match subscribed.get() {
                Some(true) => td_string!(locale, newsletters.subscribed_as, email = email.as_str()).to_string(),
                Some(false) => td_string!(locale, newsletters.will_send_to, email = email.as_str()).to_string(),
                None => String::new(),
            }}
        </p>
        <FormError error=toggle.error fields=&["email"] />
        <button type="button"
            disabled=move || subscribed.get().is_none() || pending.get()
            on:click=move |_| {
                if let Some(now) = subscribed.get_untracked() {
                    toggle.submit(!now);
                }
            }>
            {move || match subscribed.get() {
                Some(true) => td_string!(locale, newsletters.unsubscribe),
                _ => td_string!(locale, newsletters.subscribe),
            }}
        </button>
    }
}

#[component]
pub fn ConfirmSubscriptionPage() -> impl IntoView {
    let locale = page_locale();
    let token = token();
    let confirmed = Resource::new(|| (), move |_| confirm_subscription(token.clone()));
    view! {
        <Title text=td_string!(locale, newsletters.confirm_title) />
        <Meta name="robots" content="noindex" />
        <section class="auth-page">
            <h1>{td_string!(locale, newsletters.confirm_title)}</h1>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match confirmed.await {
                        Ok(list) => view! {
                            <p role="status">{td_string!(locale, newsletters.confirmed, list = list.as_str()).to_string()}</p>
                        }
                        .into_any(),
                        Err(error) if error.for_field("token").is_some() => {
                            crate::app::forms::answer_with_status_of(&error);
                            view! { <Alert message=td_string!(locale, newsletters.link_used) /> }.into_any()
                        }
                        Err(error) => view! { <ErrorMessage error /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
pub fn UnsubscribePage() -> impl IntoView {
    let locale = page_locale();
    let token = token();
    let done = use_query_map().read_untracked().get("done").is_some();
    let action = unsubscribe_href(&token);
    let list = Resource::new(|| (), move |_| subscription_of_link(token.clone()));
    view! {
        <Title text=td_string!(locale, newsletters.unsubscribe_title) />
        <Meta name="robots" content="noindex" />
        <section class="auth-page">
            <h1>{td_string!(locale, newsletters.unsubscribe_title)}</h1>
            <Suspense fallback=|| ()>
                {move || {
                    let action = action.clone();
                    Suspend::new(async move {
                        match list.await {
                            _ if done => view! {
                                <p role="status">{td_string!(locale, newsletters.unsubscribed)}</p>
                            }
                            .into_any(),
                            Ok(Some(list)) => view! {
                                <p>{td_string!(locale, newsletters.unsubscribe_from, list = list.as_str()).to_string()}</p>
                                <form method="post" action=action>
                                    <input type="hidden" name="from" value="page" />
                                    <button type="submit">{td_string!(locale, newsletters.unsubscribe)}</button>
                                </form>
                            }
                            .into_any(),
                            Ok(None) => view! {
                                <p role="status">{td_string!(locale, newsletters.not_subscribed)}</p>
                            }
                            .into_any(),
                            Err(error) => view! { <ErrorMessage error /> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}
