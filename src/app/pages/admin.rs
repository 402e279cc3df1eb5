//! `/admin`: the site's accounts and their roles, for admins. The server decides who may see
//! and change them; this page only leaves out what it would refuse.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    app::forms::{Alert, ErrorMessage},
    app::session::{RequireUser, use_session},
    i18n::{format_date, page_locale, role_name, td_string},
    model::{Action, Member, Role},
    server_fns::{list_members, set_member_role},
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
                <super::site_settings::AdminTabs current="/admin" />
                <h1 id="admin-heading">{td_string!(locale, admin.title)}</h1>
                {move || if is_admin() {
                    view! { <Members /> }.into_any()
                } else {
                    view! { <Alert message=td_string!(locale, admin.not_allowed) /> }.into_any()
                }}
            </section>
        </RequireUser>
    }
}

#[component]
fn Members() -> impl IntoView {
    let locale = page_locale();
    let session = use_session();
    let pages = RwSignal::new(1_i64);
    let members = LocalResource::new(move || list_members(pages.get()));
    view! {
        <p class="muted">{td_string!(locale, admin.intro)}</p>
        {move || members.get().map(|result| match result {
            Ok(page) => {
                let has_more = page.has_more;
                view! {
                    <table class="members">
                        <thead>
                            <tr>
                                <th scope="col">{td_string!(locale, admin.username)}</th>
                                <th scope="col">{td_string!(locale, admin.role)}</th>
                                <th scope="col">{td_string!(locale, admin.posts)}</th>
                                <th scope="col">{td_string!(locale, admin.joined)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {page.members.into_iter().map(|member| view! { <MemberRow member /> }).collect_view()}
                        </tbody>
                    </table>
                    {has_more.then(|| view! {
                        <button type="button" on:click=move |_| pages.update(|page| *page += 1)>
                            {td_string!(locale, admin.more)}
                        </button>
                    })}
                }.into_any()
            }
            Err(error) => {
                session.check(&error);
                view! { <ErrorMessage error /> }.into_any()
            }
        }).unwrap_or_else(|| view! { <p>{td_string!(locale, admin.loading)}</p> }.into_any())}
    }
}

/// One account, its role changed as soon as another is picked; a refusal (the last admin)
/// puts the select back.
#[component]
fn MemberRow(member: Member) -> impl IntoView {
    let locale = page_locale();
    let session = use_session();
    let role = RwSignal::new(member.role);
    let username = member.username.clone();
    let change = leptos::prelude::Action::new(move |wanted: &Role| {
        let (username, wanted) = (username.clone(), *wanted);
        async move { set_member_role(username, wanted).await }
    });
    let shown_name = member.username.clone();
    let message = move || {
        change.value().get().map(|result| match result {
            Ok(now) => {
                role.set(now);
                view! {
                    <span class="form-success" role="status">
                        {td_string!(locale, admin.saved, name = shown_name.clone(), role = role_name(locale, now))}
                    </span>
                }
                .into_any()
            }
            Err(error) => {
                session.check(&error);
                view! { <ErrorMessage error inline=true /> }.into_any()
            }
        })
    };
    let label = td_string!(locale, admin.change_role, name = member.username.clone());
    view! {
        <tr>
            <th scope="row"><a href=crate::model::routes::profile_href(&member.username)>{member.username.clone()}</a></th>
            <td>
                <select aria-label=label
                    prop:value=move || role.get().name()
                    on:change=move |event| {
                        if let Some(wanted) = Role::parse(&event_target_value(&event)) {
                            change.dispatch(wanted);
                        }
                    }>
                    {Role::ALL.into_iter().map(|option| view! {
                        <option value=option.name() selected=move || role.get() == option>
                            {role_name(locale, option)}
                        </option>
                    }).collect_view()}
                </select>
                " "{message}
            </td>
            <td>{member.published_posts}</td>
            <td><time datetime=member.joined.iso.clone()>{format_date(locale, member.joined.millis)}</time></td>
        </tr>
    }
}
