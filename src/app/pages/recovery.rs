//! A forgotten password. `/forgot-password` asks for the account's email address and says
//! the same whether it has an account or not; `/reset-password/<token>`, the emailed link,
//! sets a new password, signs in with it and signs every other device out.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;

use crate::{
    app::{
        forms::{Alert, Field, FormError, Submission},
        second_step::SecondStepForm,
        session::{go_to, use_session},
    },
    i18n::{page_locale, td_string},
    model::SignInStep,
    server_fns::{check_reset_link, request_password_reset, reset_password},
};

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let locale = page_locale();
    view! {
        <Title text=td_string!(locale, recovery.forgot_title) />
        <section class="auth-page" data-hydrate-now="">
            <h1>{td_string!(locale, recovery.forgot_title)}</h1>
            <p>{td_string!(locale, recovery.forgot_intro)}</p>
            <ForgotPasswordForm />
            <p><a href="/signin">{td_string!(locale, signin.title)}</a></p>
        </section>
    }
}

#[island(lazy)]
fn ForgotPasswordForm() -> impl IntoView {
    let locale = page_locale();
    let email = RwSignal::new(String::new());
    let sent = RwSignal::new(false);
    let request = Submission::new(request_password_reset, move |()| sent.set(true));
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        sent.set(false);
        request.submit(email.get_untracked());
    };
    let pending = request.pending();
    view! {
        <form method="post" on:submit=submit novalidate>
            <Field name="email" label=td_string!(locale, signup.email) kind="email" autocomplete="email" value=email error=request.error />
            <FormError error=request.error fields=&["email"] />
            <p class="notice" role="status">
                {move || sent.get().then(|| td_string!(locale, recovery.sent))}
            </p>
            <button type="submit" disabled=move || pending.get()>
                {move || {
                    if pending.get() {
                        td_string!(locale, recovery.sending)
                    } else {
                        td_string!(locale, recovery.send)
                    }
                }}
            </button>
        </form>
    }
}

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let locale = page_locale();
    let token = use_params_map()
        .read_untracked()
        .get("token")
        .unwrap_or_default();
    let link = {
        let token = token.clone();
        Resource::new(|| (), move |_| check_reset_link(token.clone()))
    };
    view! {
        <Title text=td_string!(locale, recovery.reset_title) />
        // The address holds a secret: no search engine keeps it.
        <Meta name="robots" content="noindex" />
        <section class="auth-page" data-hydrate-now="">
            <h1>{td_string!(locale, recovery.reset_title)}</h1>
            <Suspense fallback=|| ()>
                {move || {
                    let token = token.clone();
                    Suspend::new(async move {
                        match link.await {
                            Ok(true) => view! {
                                <p>{td_string!(locale, recovery.reset_intro)}</p>
                                <ResetPasswordForm token />
                            }
                            .into_any(),
                            Ok(false) => view! {
                                <Alert message=td_string!(locale, recovery.used_or_expired) />
                                <p><a href="/forgot-password">{td_string!(locale, recovery.ask_again)}</a></p>
                            }
                            .into_any(),
                            Err(error) => view! { <crate::app::forms::ErrorMessage error /> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}

#[island(lazy)]
fn ResetPasswordForm(token: String) -> impl IntoView {
    let locale = page_locale();
    let session = use_session();
    let password = RwSignal::new(String::new());
    let challenge = RwSignal::new(None::<String>);
    let reset = Submission::new(
        move |new_password: String| reset_password(token.clone(), new_password),
        move |step| match step {
            SignInStep::SignedIn(signed_in) => {
                session.signed_in(signed_in.user);
                go_to("/", false);
            }
            // The account has a second factor: its mailbox alone signs nobody in.
            SignInStep::SecondFactorRequired {
                second_factor_required,
            } => challenge.set(Some(second_factor_required.challenge)),
        },
    );
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        reset.submit(password.get_untracked());
    };
    let pending = reset.pending();
    let password_step = move || {
        view! {
            <form method="post" on:submit=submit novalidate>
                <Field
                    name="new_password"
                    label=td_string!(locale, recovery.new_password)
                    kind="password"
                    autocomplete="new-password"
                    hint=td_string!(locale, signup.password_hint)
                    value=password
                    error=reset.error
                />
                <FormError error=reset.error fields=&["new_password"] />
                <button type="submit" disabled=move || pending.get()>
                    {move || {
                        if pending.get() {
                            td_string!(locale, recovery.saving)
                        } else {
                            td_string!(locale, recovery.save)
                        }
                    }}
                </button>
            </form>
        }
    };
    view! {
        <Show when=move || challenge.read().is_some() fallback=password_step>
            <p>{td_string!(locale, second_step.password_saved)}</p>
            <SecondStepForm challenge next="/".to_owned() back_error=reset.error />
        </Show>
    }
}
