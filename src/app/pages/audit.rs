//! `/admin/audit`: what admins did, newest first, for admins. The server keeps the entries
//! bounded; this page pages through them.

use leptos::prelude::*;
use leptos_meta::Title;

use super::admin_tabs::AdminTabs;
use crate::{
    app::{
        forms::{Alert, ErrorMessage},
        session::{RequireUser, use_session},
    },
    i18n::{Locale, format_date, page_locale, td_string},
    model::{Action, AuditEntry},
    server_fns::audit_log,
};

#[component]
pub fn AuditPage() -> impl IntoView {
    let locale = page_locale();
    view! {
        <Title text=td_string!(locale, audit.title) />
        <div data-hydrate-now="">
            <AuditScreen />
        </div>
    }
}

#[island(lazy)]
fn AuditScreen() -> impl IntoView {
    let locale = page_locale();
    let session = use_session();
    let is_admin = move || {
        session.user.with(|user| {
            user.as_ref()
                .is_some_and(|user| user.role.may(Action::ManageSite))
        })
    };
    view! {
        <RequireUser here="/admin/audit">
            <section class="admin" aria-labelledby="audit-heading">
                <AdminTabs current="/admin/audit" />
                <h1 id="audit-heading">{td_string!(locale, audit.title)}</h1>
                {move || if is_admin() {
                    view! { <Entries /> }.into_any()
                } else {
                    view! { <Alert message=td_string!(locale, site_settings.not_allowed) /> }.into_any()
                }}
            </section>
        </RequireUser>
    }
}

#[component]
fn Entries() -> impl IntoView {
    let locale = page_locale();
    let session = use_session();
    let before = RwSignal::new(None::<i64>);
    let page = LocalResource::new(move || audit_log(before.get()));
    view! {
        <p class="muted">{td_string!(locale, audit.intro)}</p>
        {move || page.get().map(|result| match result {
            Ok(page) if page.entries.is_empty() => {
                view! { <p class="empty">{td_string!(locale, audit.empty)}</p> }.into_any()
            }
            Ok(page) => {
                let older = page.older;
                view! {
                    <table class="members audit">
                        <thead>
                            <tr>
                                <th scope="col">{td_string!(locale, audit.when)}</th>
                                <th scope="col">{td_string!(locale, audit.who)}</th>
                                <th scope="col">{td_string!(locale, audit.what)}</th>
                                <th scope="col">{td_string!(locale, audit.subject)}</th>
                                <th scope="col">{td_string!(locale, audit.from)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {page.entries.into_iter().map(|entry| view! { <EntryRow entry /> }).collect_view()}
                        </tbody>
                    </table>
                    {older.map(|id| view! {
                        <button type="button" on:click=move |_| before.set(Some(id))>
                            {td_string!(locale, audit.older)}
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
fn EntryRow(entry: AuditEntry) -> impl IntoView {
    let locale = page_locale();
    view! {
        <tr>
            <td><time datetime=entry.at.iso.clone()>{format_date(locale, entry.at.millis)}" "{entry.at.iso.get(11..16).unwrap_or_default().to_owned()}" UTC"</time></td>
            <td>{actor_name(locale, entry.actor)}</td>
            <td>{action_name(locale, entry.action)}</td>
            <td>{entry.subject}</td>
            <td>{entry.address.unwrap_or_default()}</td>
        </tr>
    }
}

/// An action as the log stores it (`audit::AuditAction::name`, English) in the page's
/// language; one the page does not know, as stored.
fn action_name(locale: Locale, action: String) -> String {
    match action.as_str() {
        "role changed" => td_string!(locale, audit.action_role_changed),
        "settings changed" => td_string!(locale, audit.action_settings_changed),
        "invitation made" => td_string!(locale, audit.action_invited),
        "invitation revoked" => td_string!(locale, audit.action_invitation_revoked),
        "account suspended" => td_string!(locale, audit.action_suspended),
        "account reinstated" => td_string!(locale, audit.action_reinstated),
        "account deleted" => td_string!(locale, audit.action_deleted),
        "account banned" => td_string!(locale, audit.action_banned),
        "ban lifted" => td_string!(locale, audit.action_ban_lifted),
        "password reset" => td_string!(locale, audit.action_password_reset),
        "second factor removed" => td_string!(locale, audit.action_second_factor_removed),
        _ => return action,
    }
    .to_owned()
}

/// Who acted: an admin's name, or the command line in the page's language.
fn actor_name(locale: Locale, actor: String) -> String {
    match actor.as_str() {
        "the command line" => td_string!(locale, audit.command_line).to_owned(),
        _ => actor,
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use crate::server::audit::AuditAction;

    #[test]
    fn every_action_and_the_command_line_are_worded_in_chinese() {
        for action in AuditAction::ALL {
            let chinese = action_name(Locale::zh, action.name().to_owned());
            assert!(!chinese.is_ascii(), "{}: {chinese}", action.name());
            assert_eq!(
                action_name(Locale::en, action.name().to_owned()),
                action.name()
            );
        }
        assert_eq!(actor_name(Locale::zh, "the command line".into()), "命令行");
        assert_eq!(actor_name(Locale::zh, "alice".into()), "alice");
    }
}
