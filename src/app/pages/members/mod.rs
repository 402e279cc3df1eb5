//! The members list on `/admin`: people found by name or email, filtered by role or
//! suspension, sorted and paged; each one's role changed, suspended, reinstated or deleted
//! in place.
//! The server decides who may (`server::accounts::members`).

mod delete;
mod second_factor;

use leptos::prelude::*;

use crate::{
    app::forms::ErrorMessage,
    app::session::use_session,
    i18n::{Locale, format_date, page_locale, role_name, td_string},
    model::{Member, MemberFilter, MemberQuery, MemberSort, Role},
    server_fns::{list_members, reinstate_member, set_member_role, suspend_member},
};

#[component]
pub fn Members() -> impl IntoView {
    let locale = page_locale();
    let session = use_session();
    let query = RwSignal::new(MemberQuery::default());
    // Moves after a suspension or a reinstatement, so the list shows it.
    let changed = RwSignal::new(0_u32);
    let news = RwSignal::new(None::<String>);
    let members = LocalResource::new(move || {
        changed.track();
        list_members(query.get())
    });
    let search = RwSignal::new(String::new());
    let go_to = move |page: i64| query.update(|query| query.page = page);
    view! {
        <p class="muted">{td_string!(locale, admin.intro)}</p>
        <form class="member-search" role="search" on:submit=move |event: leptos::ev::SubmitEvent| {
            event.prevent_default();
            query.update(|query| {
                query.search = search.get_untracked();
                query.page = 1;
            });
        }>
            <div class="field">
                <label for="member-search">{td_string!(locale, admin.search)}</label>
                <input id="member-search" type="search" maxlength=crate::model::MEMBER_SEARCH_MAX_CHARS
                    prop:value=search on:input=move |event| search.set(event_target_value(&event)) />
            </div>
            <div class="field">
                <label for="member-filter">{td_string!(locale, admin.filter)}</label>
                <select id="member-filter" on:change=move |event| {
                    let filter = filter_named(&event_target_value(&event));
                    query.update(|query| {
                        query.filter = filter;
                        query.page = 1;
                    });
                }>
                    <option value="everyone" selected=true>{td_string!(locale, admin.everyone)}</option>
                    {Role::ALL.into_iter().map(|role| view! {
                        <option value=role.name()>{role_name(locale, role)}</option>
                    }).collect_view()}
                    <option value="suspended">{td_string!(locale, admin.suspended_only)}</option>
                </select>
            </div>
            <div class="field">
                <label for="member-sort">{td_string!(locale, admin.sort)}</label>
                <select id="member-sort" on:change=move |event| {
                    let sort = MemberSort::parse(&event_target_value(&event)).unwrap_or_default();
                    query.update(|query| {
                        query.sort = sort;
                        query.page = 1;
                    });
                }>
                    {MemberSort::ALL.into_iter().map(|sort| view! {
                        <option value=sort.name() selected=sort == MemberSort::default()>{sort_name(locale, sort)}</option>
                    }).collect_view()}
                </select>
            </div>
            <button type="submit">{td_string!(locale, admin.apply)}</button>
        </form>
        <p role="status" class="form-success">{move || news.get()}</p>
        {move || members.get().map(|result| match result {
            Ok(page) if page.members.is_empty() => view! {
                <p class="empty">{td_string!(locale, admin.none_found)}</p>
            }.into_any(),
            Ok(page) => {
                let has_more = page.has_more;
                let number = query.with_untracked(|query| query.page);
                view! {
                    <table class="members member-list">
                        <thead>
                            <tr>
                                <th scope="col">{td_string!(locale, admin.username)}</th>
                                <th scope="col">{td_string!(locale, admin.email)}</th>
                                <th scope="col">{td_string!(locale, admin.role)}</th>
                                <th scope="col">{td_string!(locale, admin.posts)}</th>
                                <th scope="col">{td_string!(locale, admin.joined)}</th>
                                <th scope="col">{td_string!(locale, admin.status)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {page.members.into_iter().map(|member| view! { <MemberRow member changed news /> }).collect_view()}
                        </tbody>
                    </table>
                    <nav class="pager" aria-label=td_string!(locale, admin.page, page = number)>
                        {(number > 1).then(|| view! {
                            <button type="button" on:click=move |_| go_to(number - 1)>{td_string!(locale, admin.previous)}</button>
                        })}
                        " "{td_string!(locale, admin.page, page = number)}" "
                        {has_more.then(|| view! {
                            <button type="button" on:click=move |_| go_to(number + 1)>{td_string!(locale, admin.next)}</button>
                        })}
                    </nav>
                }.into_any()
            }
            Err(error) => {
                session.check(&error);
                view! { <ErrorMessage error /> }.into_any()
            }
        }).unwrap_or_else(|| view! { <p>{td_string!(locale, admin.loading)}</p> }.into_any())}
    }
}

fn filter_named(name: &str) -> MemberFilter {
    match name {
        "suspended" => MemberFilter::Suspended,
        name => Role::parse(name).map_or(MemberFilter::Everyone, MemberFilter::Role),
    }
}

fn sort_name(locale: Locale, sort: MemberSort) -> &'static str {
    match sort {
        MemberSort::Newest => td_string!(locale, admin.sort_newest),
        MemberSort::Oldest => td_string!(locale, admin.sort_oldest),
        MemberSort::Name => td_string!(locale, admin.sort_name),
        MemberSort::Posts => td_string!(locale, admin.sort_posts),
    }
}

/// One account: its role changed as soon as another is picked (a refusal, the last admin,
/// puts the select back), suspended after a confirmation, or reinstated.
#[component]
fn MemberRow(
    member: Member,
    changed: RwSignal<u32>,
    news: RwSignal<Option<String>>,
) -> impl IntoView {
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
    let suspended = member.suspended.is_some();
    let username = member.username.clone();
    let toggle = leptos::prelude::Action::new(move |_: &()| {
        let username = username.clone();
        async move {
            if suspended {
                reinstate_member(username).await
            } else {
                suspend_member(username).await
            }
        }
    });
    let name = member.username.clone();
    Effect::new(move || match toggle.value().get() {
        Some(Ok(())) => {
            news.set(Some(if suspended {
                td_string!(locale, admin.reinstated_now, name = name.clone())
            } else {
                td_string!(locale, admin.suspended_now, name = name.clone())
            }));
            changed.update(|n| *n += 1);
        }
        Some(Err(error)) => session.check(&error),
        None => {}
    });
    let name = member.username.clone();
    let ask = move |_| {
        let confirmed = suspended
            || window()
                .confirm_with_message(&td_string!(
                    locale,
                    admin.confirm_suspend,
                    name = name.clone()
                ))
                .unwrap_or(false);
        if confirmed {
            toggle.dispatch(());
        }
    };
    let toggle_error = move || {
        toggle
            .value()
            .get()
            .and_then(Result::err)
            .map(|error| view! { <ErrorMessage error inline=true /> })
    };
    let label = td_string!(locale, admin.change_role, name = member.username.clone());
    let toggle_label = if suspended {
        td_string!(locale, admin.reinstate_one, name = member.username.clone())
    } else {
        td_string!(locale, admin.suspend_one, name = member.username.clone())
    };
    let status = match &member.suspended {
        Some(since) => view! {
            <time datetime=since.iso.clone()>{td_string!(locale, admin.suspended_since, date = format_date(locale, since.millis))}</time>
        }.into_any(),
        None => view! { {td_string!(locale, admin.active)} }.into_any(),
    };
    view! {
        <tr class:suspended=suspended>
            <th scope="row"><a href=crate::model::routes::profile_href(&member.username)>{member.username.clone()}</a></th>
            <td>{member.email.clone()}</td>
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
            <td>
                {status}" "
                <button type="button" class=if suspended { "" } else { "danger" } aria-label=toggle_label
                    disabled=move || toggle.pending().get() on:click=ask>
                    {if suspended { td_string!(locale, admin.reinstate) } else { td_string!(locale, admin.suspend) }}
                </button>
                " "{toggle_error}
                " "<delete::DeleteMember username=member.username.clone() changed news />
                {member.two_step.then(|| view! {
                    " "<second_factor::RemoveSecondFactor username=member.username.clone() changed news />
                })}
            </td>
        </tr>
    }
}
