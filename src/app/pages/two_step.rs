//! The account page's two-step sign-in: an authenticator app set up (a QR code and the key as
//! text, confirmed by a first code), recovery codes shown once, renewed, and the whole turned
//! off. Changes ask for the current password unless the sign-in was a few minutes ago.

use leptos::prelude::*;

use crate::{
    app::{
        forms::{Field, FormError, Submission},
        session::use_session,
    },
    i18n::{page_locale, td_string},
    model::{AppError, TotpSetup},
    server_fns::{
        begin_totp, confirm_totp, my_second_factor, new_recovery_codes, turn_off_second_factor,
    },
};

/// What the section shows besides the settings.
#[derive(Clone)]
enum Stage {
    Settings,
    /// An app being set up: scan, then confirm with a code.
    Scanning(TotpSetup),
    /// New recovery codes, shown this once.
    Codes(Vec<String>),
}

/// A change that needs the current password (or a recent sign-in).
#[derive(Clone, Copy)]
enum Change {
    SetUp,
    NewCodes,
    TurnOff,
}

/// What a change leads to.
#[derive(Clone)]
enum Changed {
    Scanning(TotpSetup),
    Codes(Vec<String>),
    Off,
}

async fn send(change: Change, password: String) -> Result<Changed, AppError> {
    match change {
        Change::SetUp => begin_totp(password).await.map(Changed::Scanning),
        Change::NewCodes => new_recovery_codes(password).await.map(Changed::Codes),
        Change::TurnOff => turn_off_second_factor(password)
            .await
            .map(|()| Changed::Off),
    }
}

#[component]
pub fn TwoStepSignIn() -> impl IntoView {
    let locale = page_locale();
    let session = use_session();
    let version = RwSignal::new(0u32);
    let status = LocalResource::new(move || {
        version.track();
        my_second_factor()
    });
    let stage = RwSignal::new(Stage::Settings);
    let password = RwSignal::new(String::new());
    let change = Submission::new(
        |(change, password): (Change, String)| send(change, password),
        move |changed| {
            password.set(String::new());
            match changed {
                Changed::Scanning(setup) => stage.set(Stage::Scanning(setup)),
                Changed::Codes(codes) => stage.set(Stage::Codes(codes)),
                Changed::Off => version.update(|version| *version += 1),
            }
        },
    );
    let pending = change.pending();
    let button = move |kind: Change, label: &'static str| {
        view! {
            <button
                type="button"
                disabled=move || pending.get()
                on:click=move |_| change.submit((kind, password.get_untracked()))
            >
                {label}
            </button>
        }
    };
    let settings = move || {
        let Some(result) = status.get() else {
            return view! { <p>{td_string!(locale, account.loading)}</p> }.into_any();
        };
        let current = match result {
            Ok(current) => current,
            Err(error) => {
                session.check(&error);
                return view! { <crate::app::forms::ErrorMessage error /> }.into_any();
            }
        };
        let state = if current.totp {
            td_string!(locale, two_step.on, count = current.recovery_codes_left).to_string()
        } else {
            td_string!(locale, two_step.off).to_owned()
        };
        let buttons = if current.totp {
            view! {
                {button(Change::NewCodes, td_string!(locale, two_step.new_codes))}
                {button(Change::TurnOff, td_string!(locale, two_step.turn_off))}
            }
            .into_any()
        } else {
            button(Change::SetUp, td_string!(locale, two_step.set_up)).into_any()
        };
        view! {
            <p class="two-step-state">{state}</p>
            <Field
                name="current_password"
                id="two-step-password"
                label=td_string!(locale, account.current_password)
                kind="password"
                autocomplete="current-password"
                hint=td_string!(locale, two_step.password_hint)
                value=password
                error=change.error
            />
            <FormError error=change.error fields=&["current_password"] />
            <div class="actions">{buttons}</div>
        }
        .into_any()
    };
    let done = move || {
        stage.set(Stage::Settings);
        version.update(|version| *version += 1);
    };
    view! {
        <section class="two-step" aria-labelledby="two-step-heading">
            <h2 id="two-step-heading">{td_string!(locale, two_step.title)}</h2>
            {move || match stage.get() {
                Stage::Settings => settings().into_any(),
                Stage::Scanning(setup) => {
                    view! { <ConfirmApp setup on_codes=move |codes| stage.set(Stage::Codes(codes)) /> }
                        .into_any()
                }
                Stage::Codes(codes) => view! { <RecoveryCodes codes on_done=done /> }.into_any(),
            }}
        </section>
    }
}

/// The app's QR code and key, and the first code from it.
#[component]
fn ConfirmApp(setup: TotpSetup, on_codes: impl Fn(Vec<String>) + 'static) -> impl IntoView {
    let locale = page_locale();
    let code = RwSignal::new(String::new());
    let confirm = Submission::new(|code: String| confirm_totp(code), on_codes);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        confirm.submit(code.get_untracked());
    };
    let pending = confirm.pending();
    view! {
        <p>{td_string!(locale, two_step.scan)}</p>
        <img class="totp-qr" src=setup.qr_code width="200" height="200" alt=td_string!(locale, two_step.qr_alt) />
        <p>
            {td_string!(locale, two_step.key)}
            " "
            <code class="totp-secret">{setup.secret}</code>
        </p>
        <form method="post" on:submit=submit novalidate>
            <Field
                name="code"
                id="totp-code"
                label=td_string!(locale, two_step.code)
                autocomplete="one-time-code"
                value=code
                error=confirm.error
            />
            <FormError error=confirm.error fields=&["code"] />
            <button type="submit" disabled=move || pending.get()>
                {td_string!(locale, two_step.confirm)}
            </button>
        </form>
    }
}

/// Recovery codes, shown once.
#[component]
fn RecoveryCodes(codes: Vec<String>, on_done: impl Fn() + 'static) -> impl IntoView {
    let locale = page_locale();
    view! {
        <p role="status">{td_string!(locale, two_step.codes_intro)}</p>
        <ol class="recovery-codes">
            {codes.into_iter().map(|code| view! { <li><code>{code}</code></li> }).collect_view()}
        </ol>
        <button type="button" on:click=move |_| on_done()>{td_string!(locale, two_step.saved_them)}</button>
    }
}
