use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    api::{change_password, current_user, update_account},
    app::{
        forms::{Field, FormError},
        session::{RequireUser, use_session},
    },
    model::{AppError, Role, User},
};

/// The signed-in user's account: who they are, and a password change.
#[component]
pub fn AccountPage() -> impl IntoView {
    view! {
        <Title text="Settings" />
        <RequireUser>
            <AccountDetails />
            <ChangePassword />
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
            <Suspense fallback=|| view! { <p>"Loading your account…"</p> }>
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
                }}
            </Suspense>
        </section>
    }
}

/// Email, bio and picture; what readers see on the profile page.
#[component]
fn ProfileForm(user: User) -> impl IntoView {
    let session = use_session();
    let email = RwSignal::new(user.email);
    let bio = RwSignal::new(user.bio.unwrap_or_default());
    let image = RwSignal::new(user.image.unwrap_or_default());
    let error = RwSignal::new(None::<AppError>);
    let done = RwSignal::new(false);
    let current_password = RwSignal::new(String::new());
    let action = Action::new(
        |(email, bio, image, current_password): &(String, String, String, String)| {
            update_account(
                email.clone(),
                bio.clone(),
                image.clone(),
                current_password.clone(),
            )
        },
    );
    Effect::new(move || match action.value().get() {
        Some(Ok(user)) => {
            done.set(true);
            session.user.set(Some(user));
        }
        Some(Err(failure)) => {
            session.check(&failure);
            error.set(Some(failure));
        }
        None => {}
    });
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        error.set(None);
        done.set(false);
        action.dispatch((
            email.get_untracked(),
            bio.get_untracked(),
            image.get_untracked(),
            current_password.get_untracked(),
        ));
    };
    let bio_error = move || {
        error
            .get()
            .and_then(|error| error.for_field("bio"))
            .map(|message| format!("Bio {message}"))
    };
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
            <FormError error=error fields=&["email", "bio", "image"] />
            <button type="submit" disabled=move || action.pending().get()>"Save profile"</button>
            <p role="status">{move || done.get().then_some("Profile saved.")}</p>
        </form>
    }
}

#[component]
fn ChangePassword() -> impl IntoView {
    let session = use_session();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let done = RwSignal::new(false);
    let action = Action::new(|(current, new): &(String, String)| {
        change_password(current.clone(), new.clone())
    });
    Effect::new(move || match action.value().get() {
        Some(Ok(())) => {
            done.set(true);
            current.set(String::new());
            new.set(String::new());
        }
        Some(Err(failure)) => {
            session.check(&failure);
            error.set(Some(failure));
        }
        None => {}
    });
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        error.set(None);
        done.set(false);
        action.dispatch((current.get_untracked(), new.get_untracked()));
    };
    view! {
        <section class="change-password">
            <h2>"Change password"</h2>
            <form on:submit=submit novalidate>
                <Field name="current_password" label="Current password" kind="password" autocomplete="current-password" value=current error=error />
                <Field name="new_password" label="New password" kind="password" autocomplete="new-password" value=new error=error />
                <FormError error=error fields=&["current_password", "new_password"] />
                <button type="submit" disabled=move || action.pending().get()>"Change password"</button>
                <p role="status">
                    {move || done.get().then_some("Password changed. Your other sessions were signed out.")}
                </p>
            </form>
        </section>
    }
}
