//! `/settings`: the signed-in user's profile and password.

use leptos::prelude::*;
use leptos_meta::Title;

use super::devices::SignedInDevices;
use crate::{
    api::{change_password, current_user, update_account},
    app::{
        forms::{Field, FormError, Submission},
        session::{RequireUser, use_session},
    },
    model::{Role, User},
};

/// The signed-in user's account: who they are, the profile, the password, the devices.
#[component]
pub fn AccountPage() -> impl IntoView {
    // `/settings` or `/account`: where to come back to after signing in.
    let here = leptos_router::hooks::use_location()
        .pathname
        .get_untracked();
    view! {
        <Title text="Settings" />
        <div data-hydrate-now="">
            <AccountSettings here />
        </div>
    }
}

#[island(lazy)]
fn AccountSettings(here: String) -> impl IntoView {
    view! {
        <RequireUser here>
            <AccountDetails />
            <ChangePassword />
            <SignedInDevices />
        </RequireUser>
    }
}

/// Fetched afresh on every visit: an authenticated call, so an expired access token is renewed
/// here (rule 2) or the reader is sent to sign in (rule 3).
#[component]
fn AccountDetails() -> impl IntoView {
    let session = use_session();
    let account = LocalResource::new(current_user);
    view! {
        <section class="account">
            <h1>"Settings"</h1>
                {move || {
                    account.get().map(|result| match result {
                        Ok(user) => {
                            let role = match user.role {
                                Role::Admin => "administrator",
                                Role::Author => "author",
                            };
                            view! {
                                <dl class="account-details">
                                    <dt>"Username"</dt><dd class="account-username">{user.username.clone()}</dd>
                                    <dt>"Role"</dt><dd>{role}</dd>
                                </dl>
                                <ProfileForm user />
                            }.into_any()
                        }
                        Err(error) => {
                            session.check(&error);
                            view! { <p class="form-error" role="alert">{error.to_string()}</p> }.into_any()
                        }
                    })
                    .unwrap_or_else(|| view! { <p>"Loading your account…"</p> }.into_any())
                }}
        </section>
    }
}

/// Email, bio and picture; what readers see on the profile page. A new email needs the
/// current password (unless the sign-in was a few minutes ago).
#[component]
fn ProfileForm(user: User) -> impl IntoView {
    let session = use_session();
    let email = RwSignal::new(user.email);
    let bio = RwSignal::new(user.bio.unwrap_or_default());
    let image = RwSignal::new(user.image.unwrap_or_default());
    let current_password = RwSignal::new(String::new());
    let done = RwSignal::new(false);
    let save = Submission::new(
        |(email, bio, image, current_password): (String, String, String, String)| {
            update_account(email, bio, image, current_password)
        },
        move |user| {
            done.set(true);
            current_password.set(String::new());
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
            .map(|message| format!("Bio {message}"))
    };
    let pending = save.pending();
    view! {
        <form class="profile-form" on:submit=submit novalidate>
            <h2>"Profile"</h2>
            <Field name="email" label="Email" kind="email" autocomplete="email" value=email error=error />
            <div class="field">
                <label for="bio">"Bio"</label>
                <textarea id="bio" name="bio" rows="4" bind:value=bio aria-describedby="bio-error"
                    aria-invalid=move || bio_error().is_some().then_some("true")></textarea>
                <p class="field-error" id="bio-error" role="alert">{bio_error}</p>
            </div>
            <Field name="image" label="Picture (image URL)" kind="url" autocomplete="photo" value=image error=error />
            <Field name="current_password" id="profile-current-password" label="Current password"
                kind="password" autocomplete="current-password" value=current_password error=error
                hint="Needed to change your email." />
            <FormError error=error fields=&["email", "bio", "image", "current_password"] />
            <button type="submit" disabled=move || pending.get()>"Save profile"</button>
            <p role="status">{move || done.get().then_some("Profile saved.")}</p>
        </form>
    }
}

#[component]
fn ChangePassword() -> impl IntoView {
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
            <h2>"Change password"</h2>
            <form on:submit=submit novalidate>
                <Field name="current_password" label="Current password" kind="password" autocomplete="current-password" value=current error=change.error />
                <Field name="new_password" label="New password" kind="password" autocomplete="new-password" value=new error=change.error />
                <FormError error=change.error fields=&["current_password", "new_password"] />
                <button type="submit" disabled=move || pending.get()>"Change password"</button>
                <p role="status">
                    {move || done.get().then_some("Password changed. Your other sessions were signed out.")}
                </p>
            </form>
        </section>
    }
}
