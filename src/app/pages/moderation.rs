//! `/moderation`: the comments waiting for the signed-in moderator (an author sees those
//! under their own posts, editors and admins all), oldest first, each approved, rejected,
//! marked spam or its writer banned; the comments marked spam, in case of a mistake; and,
//! for editors and admins, the banned accounts.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    app::{
        forms::{ErrorMessage, Submission},
        session::{RequireUser, use_session},
    },
    i18n::{Locale, format_date, page_locale, td_string},
    model::{
        Action, HoldReason, QueueKind, QueuedComment, Verdict,
        routes::{post_href, profile_href},
    },
    server_fns::{banned_accounts, comment_queue, decide_comment, lift_ban},
};

#[component]
pub fn ModerationPage() -> impl IntoView {
    let locale = page_locale();
    view! {
        <Title text=td_string!(locale, moderation.title) />
        <div data-hydrate-now="">
            <ModerationScreen />
        </div>
    }
}

#[island(lazy)]
fn ModerationScreen() -> impl IntoView {
    let locale = page_locale();
    let session = use_session();
    let kind = RwSignal::new(QueueKind::Held);
    let bans = move || {
        session.user.with(|user| {
            user.as_ref()
                .is_some_and(|user| user.role.may(Action::ModerateComments))
        })
    };
    let tab = move |of: QueueKind, label: &'static str| {
        view! {
            <button type="button" class="tab" aria-pressed=move || (kind.get() == of).to_string()
                on:click=move |_| kind.set(of)>{label}</button>
        }
    };
    view! {
        <RequireUser here="/moderation">
            <section class="moderation" aria-labelledby="moderation-heading">
                <h1 id="moderation-heading">{td_string!(locale, moderation.title)}</h1>
                <p class="muted">{td_string!(locale, moderation.intro)}</p>
                <div class="tabs" role="group" aria-label=td_string!(locale, moderation.which)>
                    {tab(QueueKind::Held, td_string!(locale, moderation.held))}
                    {tab(QueueKind::Spam, td_string!(locale, moderation.spam))}
                </div>
                {move || { let kind = kind.get(); view! { <Queue kind bans=bans() /> } }}
                {move || bans().then(|| view! { <Banned /> })}
            </section>
        </RequireUser>
    }
}

#[component]
fn Queue(kind: QueueKind, bans: bool) -> impl IntoView {
    let locale = page_locale();
    let session = use_session();
    let page = RwSignal::new(1_i64);
    let reload = RwSignal::new(0_u32);
    let queue = LocalResource::new(move || {
        reload.track();
        comment_queue(kind, page.get())
    });
    let decide = Submission::new(
        |(id, verdict): (i64, Verdict)| decide_comment(id, verdict),
        move |()| reload.update(|count| *count += 1),
    );
    let error = decide.error;
    view! {
        {move || error.get().map(|error| view! { <ErrorMessage error /> })}
        {move || queue.get().map(|result| match result {
            Ok(queue) if queue.comments.is_empty() => view! {
                <p class="empty">{match kind {
                    QueueKind::Held => td_string!(locale, moderation.nothing_waits),
                    QueueKind::Spam => td_string!(locale, moderation.no_spam),
                }}</p>
            }.into_any(),
            Ok(queue) => {
                let more = queue.more;
                view! {
                    <ol class="comment-list queue">
                        {queue.comments.into_iter().map(|queued| view! {
                            <QueuedRow queued kind bans decide />
                        }).collect_view()}
                    </ol>
                    <nav class="pagination" aria-label=td_string!(locale, moderation.pages)>
                        {move || (page.get() > 1).then(|| view! {
                            <button type="button" class="link-button" on:click=move |_| page.update(|n| *n -= 1)>{td_string!(locale, comments.earlier)}</button>
                        })}
                        {more.then(|| view! {
                            <button type="button" class="link-button" on:click=move |_| page.update(|n| *n += 1)>{td_string!(locale, comments.later)}</button>
                        })}
                    </nav>
                }.into_any()
            }
            Err(error) => {
                session.check(&error);
                view! { <ErrorMessage error /> }.into_any()
            }
        })}
    }
}

#[component]
fn QueuedRow(
    queued: QueuedComment,
    kind: QueueKind,
    bans: bool,
    decide: Submission<(i64, Verdict), ()>,
) -> impl IntoView {
    let locale = page_locale();
    let QueuedComment { comment, post } = queued;
    let id = comment.id;
    let writer = comment.author.username.clone();
    let pending = decide.pending();
    let named = writer.clone();
    let button = move |verdict: Verdict, label: &'static str| {
        let described = format!("{label}: {named}");
        view! {
            <button type="button" class=if verdict == Verdict::Approve { "primary" } else { "" }
                aria-label=described disabled=move || pending.get()
                on:click=move |_| decide.submit((id, verdict))>{label}</button>
        }
    };
    view! {
        <li class="comment queued" id=format!("queued-{id}")>
            <div class="comment-body" inner_html=comment.body_html.clone()></div>
            <p class="byline">
                <a href=profile_href(&writer)>{writer.clone()}</a>
                " · "
                <time datetime=comment.created.iso.clone()>{format_date(locale, comment.created.millis)}</time>
                " · "
                <a href=post_href(&post.slug)>{post.title}</a>
                {comment.held.filter(|_| kind == QueueKind::Held).map(|reason| view! {
                    " · "<span class="held-reason">{hold_reason(locale, reason)}</span>
                })}
            </p>
            <p class="actions">
                {button(Verdict::Approve, td_string!(locale, moderation.approve))}
                {(kind == QueueKind::Held).then(|| button(Verdict::Spam, td_string!(locale, moderation.mark_spam)))}
                {button(Verdict::Reject, td_string!(locale, moderation.reject))}
                {bans.then(|| button(Verdict::Ban, td_string!(locale, moderation.ban)))}
            </p>
        </li>
    }
}

/// Why a comment waits, in the page's language.
pub fn hold_reason(locale: Locale, reason: HoldReason) -> &'static str {
    match reason {
        HoldReason::Policy => td_string!(locale, moderation.because_policy),
        HoldReason::FirstComment => td_string!(locale, moderation.because_first),
        HoldReason::Links => td_string!(locale, moderation.because_links),
        HoldReason::Words => td_string!(locale, moderation.because_words),
    }
}

/// The banned accounts, each with a way to let it write again.
#[component]
fn Banned() -> impl IntoView {
    let locale = page_locale();
    let reload = RwSignal::new(0_u32);
    let banned = LocalResource::new(move || {
        reload.track();
        banned_accounts()
    });
    let lift = Submission::new(lift_ban, move |()| reload.update(|count| *count += 1));
    let error = lift.error;
    view! {
        <section class="banned" aria-labelledby="banned-heading">
            <h2 id="banned-heading">{td_string!(locale, moderation.banned)}</h2>
            {move || error.get().map(|error| view! { <ErrorMessage error /> })}
            {move || banned.get().map(|result| match result {
                Ok(accounts) if accounts.is_empty() => view! {
                    <p class="empty">{td_string!(locale, moderation.nobody_banned)}</p>
                }.into_any(),
                Ok(accounts) => view! {
                    <ul class="banned-list">
                        {accounts.into_iter().map(|account| {
                            let name = account.username.clone();
                            let label = td_string!(locale, moderation.lift_ban_of, name = name.as_str()).to_string();
                            view! {
                                <li>
                                    <a href=profile_href(&account.username)>{account.username.clone()}</a>
                                    " · "
                                    <time datetime=account.banned.iso.clone()>{format_date(locale, account.banned.millis)}</time>
                                    " "
                                    <button type="button" class="link-button" aria-label=label
                                        on:click=move |_| lift.submit(name.clone())>{td_string!(locale, moderation.lift_ban)}</button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
                Err(error) => view! { <ErrorMessage error /> }.into_any(),
            })}
        </section>
    }
}
