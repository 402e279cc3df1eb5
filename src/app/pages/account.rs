//! `/settings`: the signed-in user's profile, password, second factor, notices and devices.

use leptos::prelude::*;
use leptos_meta::Title;

use super::{devices::SignedInDevices, two_step::TwoStepSignIn};
use crate::{
    app::{
        errors::describe,
        forms::{ErrorMessage, Field, FormError, Submission},
        session::{RequireUser, use_session},
    },
    i18n::{page_locale, role_name, td_string},
    model::{Role, User},
    server_fns::{
        change_password, current_user, email_status, my_notices, save_notices, send_verification,
        update_account,
    },
};

/// The signed-in user's account: who they are, the profile, the password, the devices.
#[component]
pub fn AccountPage() -> impl IntoView {
    // `/settings` or `/account`: where to come back to after signing in.
    let location = leptos_router::hooks::use_location();
    let here = location.pathname.get_untracked();
    // `?welcome`: just signed up.
    let welcome = location
        .query
        .with_untracked(|query| query.get("welcome").is_some());
    let locale = page_locale();
    view! {
        <Title text=td_string!(locale, account.title) />
        <div data-hydrate-now="">
            <AccountSettings here welcome />
        </div>
    }
}

#[island(lazy)]
fn AccountSettings(here: String, welcome: bool) -> impl IntoView {
    view! {
        <RequireUser here>
            <AccountDetails welcome />
            <ChangePassword />
            <TwoStepSignIn />
            <EmailNotices />
            <SignedInDevices />
        </RequireUser>
    }
}

/// Fetched afresh on every visit: an authenticated call, so an expired access token is renewed
/// here (rule 2) or the reader is sent to sign in (rule 3).
#[component]
fn AccountDetails(welcome: bool) -> impl IntoView {
    let locale = page_locale();
    let session = use_session();
    let account = LocalResource::new(current_user);
    view! {
        <section class="account">
            <h1>{td_string!(locale, account.title)}</h1>
                {move || {
                    account.get().map(|result| match result {
                        Ok(user) => {
                            let role = role_name(locale, user.role);
                            let greeting = welcome.then(|| view! { <Welcome user=user.clone() /> });
                            view! {
                                {greeting}
                                <dl class="account-details">
                                    <dt>{td_string!(locale, account.username)}</dt><dd class="account-username">{user.username.clone()}</dd>
                                    <dt>{td_string!(locale, account.role)}</dt><dd>{role}</dd>
                                </dl>
                                <ProfileForm user />
                            }.into_any()
                        }
                        Err(error) => {
                            session.check(&error);
                            view! { <ErrorMessage error /> }.into_any()
                        }
                    })
                    .unwrap_or_else(|| view! { <p>{td_string!(locale, account.loading)}</p> }.into_any())
                }}
        </section>
    }
}

/// Email, bio and picture; what readers see on the profile page. A new email needs the
/// current password (unless the sign-in was a few minutes ago).
#[component]
fn ProfileForm(user: User) -> impl IntoView {
    let locale = page_locale();
    let session = use_session();
    let saved_email = RwSignal::new(user.email.clone());
    let email = RwSignal::new(user.email);
    let bio = RwSignal::new(user.bio.unwrap_or_default());
    let image = RwSignal::new(user.image.unwrap_or_default());
    let current_password = RwSignal::new(String::new());
    let done = RwSignal::new(false);
    let save = Submission::new(
        |(email, bio, image, current_password): (String, String, String, String)| {
            update_account(email, bio, image, current_password)
        },
        move |user: User| {
            done.set(true);
            current_password.set(String::new());
            saved_email.set(user.email.clone());
            session.signed_in(user);
        },
    );
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        done.set(false);
        save.submit((
            email.get_untracked(),
            bio.get_untracked(),
            image.get_untracked(),
            current_password.get_untracked(),
        ));
    };
    let error = save.error;
    let bio_error = move || {
        error
            .get()
            .and_then(|error| error.for_field("bio"))
            .map(|message| {
                crate::app::errors::with_label(td_string!(locale, account.bio), &message, locale)
            })
    };
    let pending = save.pending();
    view! {
        <form method="post" class="profile-form" on:submit=submit novalidate>
            <h2>{td_string!(locale, account.profile)}</h2>
            <Field name="email" label=td_string!(locale, account.email) kind="email" autocomplete="email" value=email error=error />
            <EmailVerification saved_email />
            // Asked for only once the email is being changed, right under it: a bio needs no
            // password.
            <Show when=move || email.with(|typed| typed.trim() != saved_email.get().trim())>
                <Field name="current_password" id="profile-current-password"
                    label=td_string!(locale, account.current_password)
                    kind="password" autocomplete="current-password" value=current_password error=error
                    hint=td_string!(locale, account.current_password_hint) />
            </Show>
            <div class="field">
                <label for="bio">{td_string!(locale, account.bio)}</label>
                <textarea id="bio" name="bio" rows="4" bind:value=bio aria-describedby="bio-error"
                    aria-invalid=move || bio_error().is_some().then_some("true")></textarea>
                <p class="field-error" id="bio-error" role="alert">{bio_error}</p>
            </div>
            <Field name="image" label=td_string!(locale, account.picture) kind="url" autocomplete="photo" value=image error=error />
            <FormError error=error fields=&["email", "bio", "image", "current_password"] />
            <button type="submit" disabled=move || pending.get()>
                {td_string!(locale, account.save_profile)}
            </button>
            <p role="status">
                {move || done.get().then_some(td_string!(locale, account.profile_saved))}
            </p>
        </form>
    }
}

/// Whether the saved address is verified, and a button that sends a new link when it is not
/// (on a site that sends email).
#[component]
fn EmailVerification(saved_email: RwSignal<String>) -> impl IntoView {
    let locale = page_locale();
    let session = use_session();
    let status = LocalResource::new(move || {
        saved_email.track();
        email_status()
    });
    let sent = RwSignal::new(false);
    let send = Action::new(|_: &()| send_verification());
    Effect::new(move || match send.value().get() {
        Some(Ok(())) => sent.set(true),
        Some(Err(error)) => session.check(&error),
        None => {}
    });
    let failure = move || {
        send.value()
            .get()
            .and_then(Result::err)
            .map(|error| describe(&error, locale))
    };
    view! {
        <div class="email-verification">
            {move || status.get().and_then(Result::ok).map(|status| {
                if !status.sending {
                    ().into_any()
                } else if status.verified {
                    view! { <p class="hint">{td_string!(locale, verification.verified)}</p> }.into_any()
                } else {
                    view! {
                        <p class="hint">
                            {td_string!(locale, verification.unverified)}" "
                            <button type="button" class="link-button" on:click=move |_| { send.dispatch(()); }
                                disabled=move || send.pending().get() || sent.get()>
                                {td_string!(locale, verification.send)}
                            </button>
                        </p>
                        <p role="status">{move || sent.get().then(|| td_string!(locale, verification.sent))}</p>
                        <p class="form-error" role="alert">{failure}</p>
                    }
                    .into_any()
                }
            })}
        </div>
    }
}

/// The email notices one gets (on a site that sends email), saved as they are ticked.
#[component]
fn EmailNotices() -> impl IntoView {
    let locale = page_locale();
    let session = use_session();
    let loaded = LocalResource::new(|| async {
        let status = email_status().await?;
        let notices = my_notices().await?;
        Ok::<_, crate::model::AppError>((status.sending, notices))
    });
    let saved = RwSignal::new(false);
    let save =
        Action::new(|notices: &crate::model::Notices| save_notices(notices.comments, notices.held));
    Effect::new(move || match save.value().get() {
        Some(Ok(())) => saved.set(true),
        Some(Err(error)) => session.check(&error),
        None => {}
    });
    move || {
        loaded.get().and_then(Result::ok).and_then(|(sending, notices)| {
            sending.then(|| {
                let comments = RwSignal::new(notices.comments);
                let held = RwSignal::new(notices.held);
                let changed = move |_| {
                    saved.set(false);
                    save.dispatch(crate::model::Notices {
                        comments: comments.get_untracked(),
                        held: held.get_untracked(),
                    });
                };
                view! {
                    <section class="email-notices" aria-labelledby="notices-heading">
                        <h2 id="notices-heading">{td_string!(locale, notices.title)}</h2>
                        <div class="field checkbox">
                            <input type="checkbox" id="notice-comments" bind:checked=comments on:change=changed />
                            <label for="notice-comments">{td_string!(locale, notices.comments)}</label>
                        </div>
                        <div class="field checkbox">
                            <input type="checkbox" id="notice-held" bind:checked=held on:change=changed />
                            <label for="notice-held">{td_string!(locale, notices.held)}</label>
                        </div>
                        <p role="status">{move || saved.get().then(|| td_string!(locale, notices.saved))}</p>
                    </section>
                }
            })
        })
    }
}

#[component]
fn ChangePassword() -> impl IntoView {
    let locale = page_locale();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let done = RwSignal::new(false);
    let change = Submission::new(
        |(current, new): (String, String)| change_password(current, new),
        move |()| {
            done.set(true);
            current.set(String::new());
            new.set(String::new());
        },
    );
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        done.set(false);
        change.submit((current.get_untracked(), new.get_untracked()));
    };
    let pending = change.pending();
    view! {
        <section class="change-password">
            <h2>{td_string!(locale, account.change_password)}</h2>
            <form method="post" on:submit=submit novalidate>
                <Field name="current_password" label=td_string!(locale, account.current_password) kind="password" autocomplete="current-password" value=current error=change.error />
                <Field name="new_password" label=td_string!(locale, account.new_password) kind="password" autocomplete="new-password" value=new error=change.error />
                <FormError error=change.error fields=&["current_password", "new_password"] />
                <button type="submit" disabled=move || pending.get()>
                    {td_string!(locale, account.change_password)}
                </button>
                <p role="status">
                    {move || done.get().then_some(td_string!(locale, account.password_changed))}
                </p>
            </form>
        </section>
    }
}

/// A new account's greeting: where to go first. An admin (the site's owner) is also led to
/// the site's settings.
#[component]
fn Welcome(user: User) -> impl IntoView {
    let locale = page_locale();
    let admin = user.role == Role::Admin;
    view! {
        <div class="notice welcome" role="status">
            <h2>{td_string!(locale, welcome.heading, name = user.username.as_str()).to_string()}</h2>
            <p>{td_string!(locale, welcome.ready)}</p>
            <p class="welcome-actions">
                <a class="button primary" href="/editor">{td_string!(locale, welcome.first_post)}</a>
                {admin.then(|| view! {
                    <a class="button" href="/admin/settings">{td_string!(locale, welcome.site_settings)}</a>
                })}
            </p>
        </div>
    }
}
