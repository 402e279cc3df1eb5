//! `/admin`: the site's accounts (`members`) and invitations, for admins. The server decides who may see
//! and change them; this page only leaves out what it would refuse.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    app::forms::{Alert, ErrorMessage},
    app::session::{RequireUser, use_session},
    i18n::{format_date, page_locale, role_name, td_string},
    model::{Action, Invitation, Role},
    server_fns::{invite, list_invitations, revoke_invitation},
};

#[component]
pub fn AdminPage() -> impl IntoView {
    let locale = page_locale();
    view! {
        <Title text=td_string!(locale, admin.title) />
        <div data-hydrate-now="">
            <Admin />
        </div>
    }
}

#[island(lazy)]
fn Admin() -> impl IntoView {
    let locale = page_locale();
    let session = use_session();
    let is_admin = move || {
        session.user.with(|user| {
            user.as_ref()
                .is_some_and(|user| user.role.may(Action::ManageRoles))
        })
    };
    view! {
        <RequireUser here="/admin">
            <section class="admin" aria-labelledby="admin-heading">
                <super::admin_tabs::AdminTabs current="/admin" />
                <h1 id="admin-heading">{td_string!(locale, admin.title)}</h1>
                {move || if is_admin() {
                    view! { <super::members::Members /> <Invitations /> }.into_any()
                } else {
                    view! { <Alert message=td_string!(locale, admin.not_allowed) /> }.into_any()
                }}
            </section>
        </RequireUser>
    }
}

/// Invitations: a link with a role and an expiry that signs one person up, whatever the
/// registration mode; shown once, revocable until used.
#[component]
fn Invitations() -> impl IntoView {
    let locale = page_locale();
    let session = use_session();
    let listed = RwSignal::new(0_u32);
    let pending = LocalResource::new(move || {
        listed.track();
        list_invitations()
    });
    let role = RwSignal::new(Role::Author);
    let days = RwSignal::new(7_u32);
    let made = leptos::prelude::Action::new(move |(role, days): &(Role, u32)| {
        let (role, days) = (*role, *days);
        async move { invite(role, days).await }
    });
    Effect::new(move || {
        if let Some(Ok(_)) = made.value().get() {
            listed.update(|n| *n += 1);
        }
    });
    let link = move || {
        made.value().get().map(|result| match result {
            Ok(new) => view! {
                <div class="field">
                    <label for="invitation-link">{td_string!(locale, invitations.link)}</label>
                    <input id="invitation-link" type="text" readonly value=new.link />
                </div>
            }
            .into_any(),
            Err(error) => {
                session.check(&error);
                view! { <ErrorMessage error /> }.into_any()
            }
        })
    };
    view! {
        <section class="invitations" aria-labelledby="invitations-heading">
            <h2 id="invitations-heading">{td_string!(locale, invitations.title)}</h2>
            <p class="muted">{td_string!(locale, invitations.intro)}</p>
            <form class="invite-form" on:submit=move |event: leptos::ev::SubmitEvent| {
                event.prevent_default();
                made.dispatch((role.get_untracked(), days.get_untracked()));
            }>
                <div class="field">
                    <label for="invite-role">{td_string!(locale, invitations.role)}</label>
                    <select id="invite-role" on:change=move |event| {
                        if let Some(wanted) = Role::parse(&event_target_value(&event)) {
                            role.set(wanted);
                        }
                    }>
                        {Role::ALL.into_iter().map(|option| view! {
                            <option value=option.name() selected=option == Role::Author>{role_name(locale, option)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="invite-days">{td_string!(locale, invitations.expires_in)}</label>
                    <select id="invite-days" on:change=move |event| {
                        if let Ok(wanted) = event_target_value(&event).parse() {
                            days.set(wanted);
                        }
                    }>
                        {[1_u32, 7, 30].into_iter().map(|option| view! {
                            <option value=option.to_string() selected=option == 7>{td_string!(locale, invitations.days, count = option)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <button type="submit" disabled=move || made.pending().get()>{td_string!(locale, invitations.create)}</button>
            </form>
            {link}
            {move || pending.get().map(|result| match result {
                Ok(list) if list.is_empty() => view! { <p class="empty">{td_string!(locale, invitations.none)}</p> }.into_any(),
                Ok(list) => view! {
                    <table class="members">
                        <thead>
                            <tr>
                                <th scope="col">{td_string!(locale, invitations.role)}</th>
                                <th scope="col">{td_string!(locale, invitations.invited_by)}</th>
                                <th scope="col">{td_string!(locale, invitations.expires)}</th>
                                <th scope="col"><span class="visually-hidden">{td_string!(locale, invitations.revoke)}</span></th>
                            </tr>
                        </thead>
                        <tbody>
                            {list.into_iter().map(|invitation| view! { <InvitationRow invitation listed /> }).collect_view()}
                        </tbody>
                    </table>
                }.into_any(),
                Err(error) => {
                    session.check(&error);
                    view! { <ErrorMessage error /> }.into_any()
                }
            })}
        </section>
    }
}

#[component]
fn InvitationRow(invitation: Invitation, listed: RwSignal<u32>) -> impl IntoView {
    let locale = page_locale();
    let session = use_session();
    let id = invitation.id;
    let revoke = leptos::prelude::Action::new(move |_: &()| revoke_invitation(id));
    Effect::new(move || match revoke.value().get() {
        Some(Ok(())) => listed.update(|n| *n += 1),
        Some(Err(error)) => session.check(&error),
        None => {}
    });
    let role = role_name(locale, invitation.role);
    let label = td_string!(
        locale,
        invitations.revoke_one,
        role = role,
        date = format_date(locale, invitation.expires.millis)
    );
    view! {
        <tr>
            <td>{role}</td>
            <td>{invitation.invited_by.unwrap_or_default()}</td>
            <td><time datetime=invitation.expires.iso.clone()>{format_date(locale, invitation.expires.millis)}</time></td>
            <td><button type="button" class="danger" aria-label=label on:click=move |_| { revoke.dispatch(()); }>{td_string!(locale, invitations.revoke)}</button></td>
        </tr>
    }
}
