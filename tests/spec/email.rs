//! Email, through a real SMTP server (aiosmtpd on loopback): a forgotten password reset by the
//! emailed link; the same answer whether an address has an account or not; throttles per
//! address and per account; the outbox sending each message once across servers, waiting
//! out a relay that is down, giving up in the end with the reason kept, and resending on an
//! admin's word.

use std::time::Duration;

use axum::http::StatusCode;
use blog::server::settings::Settings;
use serde_json::json;

use crate::common::{
    PASSWORD, TestApp,
    mail::{Received, SmtpSink, free_port, smtp_url},
};

const PUBLIC_URL: &str = "https://blog.test";

fn mailing(relay: String) -> impl FnOnce(&mut Settings) {
    move |settings| {
        settings.email.smtp_url = relay;
        settings.email.from = "Test Blog <blog@blog.test>".into();
        settings.server.public_url = PUBLIC_URL.into();
        settings.server.trusted_proxy_hops = 1;
    }
}

async fn forgot(app: &TestApp, email: &str, address: &str) -> crate::common::Reply {
    app.rpc()
        .header("x-forwarded-for", address)
        .form("auth/forgot", &[("email", email)])
        .await
}

/// Runs the outbox (as every server's worker does each second) until `count` messages have
/// arrived, or five seconds have passed.
async fn delivered(app: &TestApp, sink: &SmtpSink, count: usize) -> Vec<Received> {
    for _ in 0..100 {
        app.state
            .outbox
            .deliver_due()
            .await
            .expect("the outbox runs");
        let received = sink.received();
        if received.len() >= count {
            return received;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{count} messages did not arrive: {:?}", sink.received());
}

/// The reset link in a message, and the token in it.
fn reset_link(message: &Received) -> (String, String) {
    let start = message
        .text
        .find(&format!("{PUBLIC_URL}/reset-password/"))
        .unwrap_or_else(|| panic!("a reset link in {:?}", message.text));
    let link: String = message.text[start..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect();
    let token = link.rsplit('/').next().unwrap().to_owned();
    (link, token)
}

#[tokio::test]
async fn a_forgotten_password_is_reset_by_the_emailed_link_and_other_sessions_end() {
    let sink = SmtpSink::start().await;
    let app = TestApp::with_settings(mailing(sink.url())).await;
    app.user("ann").await;
    let elsewhere = app.sign_in_again("ann").await;

    forgot(&app, "ANN@example.com", "192.0.2.1")
        .await
        .assert_status(StatusCode::OK);
    let received = delivered(&app, &sink, 1).await;
    let message = &received[0];
    assert_eq!(message.to, "ann@example.com");
    assert_eq!(message.from, "blog@blog.test");
    assert_eq!(message.subject, "Reset your password on Test Blog");
    assert_eq!(message.content_type, "multipart/alternative");
    assert!(message.raw.contains("text/plain") && message.raw.contains("text/html"));
    assert!(message.message_id.ends_with("@blog.test"), "{message:?}");
    let (link, token) = reset_link(message);
    assert!(
        message.html.contains(&format!("href=\"{link}\"")),
        "{}",
        message.html
    );
    assert!(!message.html.contains("<script"));

    // The link opens a page with the form (and tells search engines to keep away).
    let page = app.get(&format!("/reset-password/{token}")).await;
    page.assert_status(StatusCode::OK);
    assert!(
        page.text().contains("name=\"new_password\""),
        "{}",
        page.text()
    );
    assert!(page.text().contains("noindex"));

    // A password the rules refuse uses nothing up.
    let short = app
        .rpc()
        .form(
            "auth/reset",
            &[("token", &token), ("new_password", "short")],
        )
        .await;
    short.assert_invalid("new_password");

    let reset = app
        .rpc()
        .form(
            "auth/reset",
            &[("token", &token), ("new_password", "a whole new secret")],
        )
        .await;
    reset.assert_status(StatusCode::OK);
    assert!(reset.access_token().is_some(), "signed in: {reset:?}");
    assert_eq!(reset.body["user"]["username"], "ann");

    // The other device is signed out; the old password is over, the new one works.
    let refreshed = app.refresh_with_cookie(&elsewhere.refresh_token).await;
    refreshed.assert_status(StatusCode::UNAUTHORIZED);
    for (password, status) in [
        (PASSWORD, StatusCode::UNAUTHORIZED),
        ("a whole new secret", StatusCode::OK),
    ] {
        app.rpc()
            .form("auth/login", &[("login", "ann"), ("password", password)])
            .await
            .assert_status(status);
    }

    // The link works once.
    let again = app
        .rpc()
        .form(
            "auth/reset",
            &[("token", &token), ("new_password", "yet another secret")],
        )
        .await;
    again.assert_invalid("token");
    let page = app.get(&format!("/reset-password/{token}")).await;
    assert!(page.text().contains("/forgot-password"), "{}", page.text());
}

#[tokio::test]
async fn the_answer_is_the_same_whether_the_address_has_an_account() {
    let sink = SmtpSink::start().await;
    let app = TestApp::with_settings(mailing(sink.url())).await;
    app.user("ann").await;

    let known = forgot(&app, "ann@example.com", "192.0.2.1").await;
    let unknown = forgot(&app, "nobody@example.com", "192.0.2.1").await;
    known.assert_status(StatusCode::OK);
    assert_eq!(known.status, unknown.status);
    assert_eq!(known.text(), unknown.text());

    let received = delivered(&app, &sink, 1).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    app.state.outbox.deliver_due().await.unwrap();
    assert_eq!(sink.received().len(), 1, "only the account's: {received:?}");

    // A malformed address is said so (that tells nothing about accounts).
    forgot(&app, "not an address", "192.0.2.1")
        .await
        .assert_invalid("email");
}

#[tokio::test]
async fn a_link_expires_after_an_hour() {
    let sink = SmtpSink::start().await;
    let app = TestApp::with_settings(mailing(sink.url())).await;
    app.user("ann").await;
    forgot(&app, "ann@example.com", "192.0.2.1").await;
    let (_, token) = reset_link(&delivered(&app, &sink, 1).await[0]);

    app.advance(Duration::from_secs(61 * 60));
    app.rpc()
        .form(
            "auth/reset",
            &[("token", &token), ("new_password", "a whole new secret")],
        )
        .await
        .assert_invalid("token");
}

#[tokio::test]
async fn resets_are_throttled_per_address_and_silently_per_account() {
    let sink = SmtpSink::start().await;
    let app = TestApp::with_settings(|settings| {
        mailing(sink.url())(settings);
        settings.throttle.reset_emails_per_account = 2;
        settings.throttle.reset_requests_per_address = 4;
    })
    .await;
    app.user("ann").await;

    // From four addresses, so only the account's budget counts: two emails, four answers alike.
    for n in 1..=4 {
        forgot(&app, "ann@example.com", &format!("192.0.2.{n}"))
            .await
            .assert_status(StatusCode::OK);
    }
    delivered(&app, &sink, 2).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    app.state.outbox.deliver_due().await.unwrap();
    assert_eq!(sink.received().len(), 2);

    // One address asking for many accounts is stopped past its budget.
    for n in 0..4 {
        forgot(&app, &format!("someone{n}@example.com"), "198.51.100.7")
            .await
            .assert_status(StatusCode::OK);
    }
    let refused = forgot(&app, "someone5@example.com", "198.51.100.7").await;
    refused.assert_status(StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn a_reader_who_asked_in_chinese_gets_chinese() {
    let sink = SmtpSink::start().await;
    let app = TestApp::with_settings(mailing(sink.url())).await;
    app.user("ann").await;
    app.rpc()
        .header("accept-language", "zh-CN,zh;q=0.9")
        .form("auth/forgot", &[("email", "ann@example.com")])
        .await
        .assert_status(StatusCode::OK);
    let message = &delivered(&app, &sink, 1).await[0];
    assert_eq!(message.subject, "重设你在 Test Blog 的密码");
    assert!(message.text.contains("设置新密码"), "{}", message.text);
    assert!(message.html.contains("lang=\"zh\""));
}

#[tokio::test]
async fn without_a_relay_forgot_password_says_the_site_sends_no_email() {
    let app = TestApp::new().await;
    app.user("ann").await;
    let reply = app
        .rpc()
        .form("auth/forgot", &[("email", "ann@example.com")])
        .await;
    reply.assert_invalid("email");
    assert!(
        reply.body["Invalid"]["message"]
            .as_str()
            .unwrap()
            .contains("sends no email")
    );
}

#[tokio::test]
async fn a_relay_that_is_down_delays_the_message_and_it_leaves_once_the_relay_is_back() {
    let port = free_port();
    let app = TestApp::with_settings(mailing(smtp_url(port))).await;
    let admin = app.admin("root").await;
    app.user("ann").await;
    forgot(&app, "ann@example.com", "192.0.2.1").await;
    let queued = wait_for_state(&app, &admin, "queued").await;
    assert_eq!(app.state.outbox.deliver_due().await.unwrap(), 0);
    let waiting = wait_for_state(&app, &admin, "queued").await;
    assert_eq!(waiting["attempts"], 1, "{waiting}");
    assert!(
        waiting["last_error"]
            .as_str()
            .is_some_and(|error| !error.is_empty()),
        "{waiting}"
    );
    assert_eq!(queued["id"], waiting["id"]);

    // Not tried again before its wait is over, then sent once the relay is up.
    let sink = SmtpSink::start_on(port).await;
    assert_eq!(app.state.outbox.deliver_due().await.unwrap(), 0);
    app.advance(Duration::from_secs(31));
    assert_eq!(app.state.outbox.deliver_due().await.unwrap(), 1);
    assert_eq!(sink.received().len(), 1);
    let sent = wait_for_state(&app, &admin, "sent").await;
    assert_eq!(sent["attempts"], 2);
    assert_eq!(app.state.outbox.deliver_due().await.unwrap(), 0);
    assert_eq!(sink.received().len(), 1, "sent once");
}

#[tokio::test]
async fn a_message_is_given_up_in_the_end_and_an_admin_can_send_it_again() {
    let port = free_port();
    let app = TestApp::with_settings(|settings| {
        mailing(smtp_url(port))(settings);
        settings.email.give_up_after = Duration::from_secs(120);
    })
    .await;
    let admin = app.admin("root").await;
    app.user("ann").await;
    forgot(&app, "ann@example.com", "192.0.2.1").await;
    wait_for_state(&app, &admin, "queued").await;
    // Tried at once, then after 30 s; the next wait (60 s) would end past the two minutes:
    // given up after the second try.
    for _ in 0..3 {
        app.state.outbox.deliver_due().await.unwrap();
        app.advance(Duration::from_secs(61));
    }
    let failed = wait_for_state(&app, &admin, "failed").await;
    assert_eq!(failed["attempts"], 2, "{failed}");
    assert!(
        failed["last_error"]
            .as_str()
            .is_some_and(|error| !error.is_empty())
    );
    app.advance(Duration::from_secs(3600));
    assert_eq!(app.state.outbox.deliver_due().await.unwrap(), 0, "given up");

    // Only an admin resends (signed in afresh: an hour has passed).
    let admin = app.sign_in_again("root").await;
    let ann = app.sign_in_again("ann").await;
    let id = failed["id"].as_i64().unwrap();
    app.rpc()
        .by(&ann)
        .call("admin/outbox/resend", json!({ "id": id }))
        .await
        .assert_status(StatusCode::FORBIDDEN);
    app.rpc()
        .by(&admin)
        .call("admin/outbox/resend", json!({ "id": id }))
        .await
        .assert_status(StatusCode::OK);
    let sink = SmtpSink::start_on(port).await;
    assert_eq!(app.state.outbox.deliver_due().await.unwrap(), 1);
    assert_eq!(sink.received()[0].to, "ann@example.com");
}

#[tokio::test]
async fn two_servers_send_each_message_once() {
    let sink = SmtpSink::start().await;
    let app = TestApp::with_settings(mailing(sink.url())).await;
    let other = app.another_server().await;
    for n in 0..6 {
        app.user(&format!("reader{n}")).await;
        forgot(&app, &format!("reader{n}@example.com"), "192.0.2.1").await;
    }
    // Both servers' workers at once, a few times over.
    for _ in 0..20 {
        let (a, b) = tokio::join!(
            app.state.outbox.deliver_due(),
            other.state.outbox.deliver_due()
        );
        a.unwrap();
        b.unwrap();
        if sink.received().len() >= 6 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let mut recipients: Vec<String> = sink.received().into_iter().map(|m| m.to).collect();
    recipients.sort();
    let expected: Vec<String> = (0..6).map(|n| format!("reader{n}@example.com")).collect();
    assert_eq!(recipients, expected);
}

/// The newest message in the admins' outbox list, once it is in `state`.
async fn wait_for_state(
    app: &TestApp,
    admin: &crate::common::SignedIn,
    state: &str,
) -> serde_json::Value {
    for _ in 0..100 {
        let reply = app.rpc().by(admin).call("admin/outbox", json!({})).await;
        reply.assert_status(StatusCode::OK);
        if let Some(newest) = reply.body["messages"]
            .as_array()
            .and_then(|list| list.first())
            && newest["state"] == state
        {
            return newest.clone();
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("no message became {state}");
}

async fn verified(app: &TestApp, who: &crate::common::SignedIn) -> bool {
    let status = app.rpc().by(who).form("account/email", &[]).await;
    status.assert_status(StatusCode::OK);
    status.body["verified"].as_bool().expect("a verified flag")
}

#[tokio::test]
async fn a_new_account_is_sent_a_link_that_verifies_its_address() {
    let sink = SmtpSink::start().await;
    let app = TestApp::with_settings(mailing(sink.url())).await;
    let signed_up = app
        .rpc()
        .form(
            "auth/register",
            &[
                ("username", "newcomer"),
                ("email", "newcomer@example.com"),
                ("password", PASSWORD),
            ],
        )
        .await;
    signed_up.assert_status(StatusCode::OK);
    let newcomer = app.sign_in_again("newcomer").await;
    assert!(!verified(&app, &newcomer).await);

    let message = &delivered(&app, &sink, 1).await[0];
    assert_eq!(message.to, "newcomer@example.com");
    assert_eq!(message.subject, "Verify your email address on Test Blog");
    assert_eq!(message.content_type, "multipart/alternative");
    let token = message.link_token(&format!("{PUBLIC_URL}/verify-email/"));
    assert!(message.html.contains(&format!("/verify-email/{token}")));

    let page = app.get(&format!("/verify-email/{token}")).await;
    page.assert_status(StatusCode::OK);
    assert!(
        page.text().contains("newcomer@example.com"),
        "{}",
        page.text()
    );
    assert!(verified(&app, &newcomer).await);

    // Once only.
    let again = app.get(&format!("/verify-email/{token}")).await;
    again.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.text().contains("used or has expired"));
}

#[tokio::test]
async fn a_changed_address_is_verified_anew_and_the_old_one_can_put_itself_back() {
    let sink = SmtpSink::start().await;
    let app = TestApp::with_settings(mailing(sink.url())).await;
    let ann = app.user("ann").await;
    let fields = [
        ("email", "ann@elsewhere.example"),
        ("bio", ""),
        ("image", ""),
        ("current_password", PASSWORD),
    ];
    app.rpc()
        .by(&ann)
        .form("account/update", &fields)
        .await
        .assert_status(StatusCode::OK);
    assert!(!verified(&app, &ann).await);

    let received = delivered(&app, &sink, 2).await;
    let to_new = received
        .iter()
        .find(|message| message.to == "ann@elsewhere.example")
        .expect("a message to the new address");
    assert!(to_new.subject.starts_with("Verify your email address"));
    let to_old = received
        .iter()
        .find(|message| message.to == "ann@example.com")
        .expect("a message to the old address");
    assert_eq!(
        to_old.subject,
        "Your email address on Test Blog was changed"
    );
    assert!(to_old.text.contains("ann@elsewhere.example"));
    let undo = to_old.link_token(&format!("{PUBLIC_URL}/undo-email/"));

    // Opening the link changes nothing (a mail scanner may fetch it); the button does.
    let page = app.get(&format!("/undo-email/{undo}")).await;
    page.assert_status(StatusCode::OK);
    assert_eq!(
        app.state.accounts.find(ann.id).await.unwrap().email,
        "ann@elsewhere.example"
    );
    app.rpc()
        .form("email/undo", &[("token", &undo)])
        .await
        .assert_status(StatusCode::OK);
    assert_eq!(
        app.state.accounts.find(ann.id).await.unwrap().email,
        "ann@example.com"
    );
    // Whoever changed it is signed out everywhere; the old address signs in again.
    app.refresh_with_cookie(&ann.refresh_token)
        .await
        .assert_status(StatusCode::UNAUTHORIZED);
    let back = app.sign_in_again("ann").await;
    assert!(verified(&app, &back).await, "the old address, as it was");

    // The new address's link no longer verifies anything: it is not the account's.
    let verify = to_new.link_token(&format!("{PUBLIC_URL}/verify-email/"));
    app.rpc()
        .form("email/verify", &[("token", &verify)])
        .await
        .assert_invalid("token");
    app.rpc()
        .form("email/undo", &[("token", &undo)])
        .await
        .assert_invalid("token");
}

#[tokio::test]
async fn an_unverified_account_asks_for_a_link_again_a_few_times_an_hour() {
    let sink = SmtpSink::start().await;
    let app = TestApp::with_settings(mailing(sink.url())).await;
    let ann = app.user("ann").await;
    for _ in 0..3 {
        app.rpc()
            .by(&ann)
            .form("account/email/verify", &[])
            .await
            .assert_status(StatusCode::OK);
    }
    app.rpc()
        .by(&ann)
        .form("account/email/verify", &[])
        .await
        .assert_status(StatusCode::TOO_MANY_REQUESTS);
    let received = delivered(&app, &sink, 3).await;
    let token = received[2].link_token(&format!("{PUBLIC_URL}/verify-email/"));
    app.rpc()
        .form("email/verify", &[("token", &token)])
        .await
        .assert_status(StatusCode::OK);
    assert!(verified(&app, &ann).await);
}

#[tokio::test]
async fn without_a_relay_nothing_is_sent_and_addresses_cannot_be_verified() {
    let app = TestApp::new().await;
    let ann = app.user("ann").await;
    let status = app.rpc().by(&ann).form("account/email", &[]).await;
    status.assert_status(StatusCode::OK);
    assert_eq!(status.body["sending"], false);
    app.rpc()
        .by(&ann)
        .form("account/email/verify", &[])
        .await
        .assert_invalid("email");
    let outbox = app.state.outbox.listed(None, None).await.unwrap();
    assert!(outbox.is_empty(), "nothing queued without a relay");
}

#[tokio::test]
async fn a_message_claimed_by_a_server_that_died_is_sent_by_another_once_the_claim_runs_out() {
    let sink = SmtpSink::start().await;
    let app = TestApp::with_settings(mailing(sink.url())).await;
    let other = app.another_server().await;
    let admin = app.admin("root").await;
    app.user("ann").await;
    forgot(&app, "ann@example.com", "192.0.2.1").await;
    let queued = wait_for_state(&app, &admin, "queued").await;
    // A server claims the message and is killed before it speaks to the relay.
    let now = app.state.clock.now_millis();
    let id = queued["id"].as_i64().unwrap();
    let claimed = blog::server::email::store::claim(&app.state.db, id, now, now + 300_000)
        .await
        .unwrap();
    assert!(claimed.is_some());
    // While the claim holds, nobody sends it; after, one server does, once.
    assert_eq!(other.state.outbox.deliver_due().await.unwrap(), 0);
    app.advance(Duration::from_secs(301));
    let (a, b) = tokio::join!(
        app.state.outbox.deliver_due(),
        other.state.outbox.deliver_due()
    );
    assert_eq!(a.unwrap() + b.unwrap(), 1);
    assert_eq!(sink.received().len(), 1);
    assert_eq!(wait_for_state(&app, &admin, "sent").await["attempts"], 2);
}

#[tokio::test]
async fn an_author_hears_of_comments_and_moderators_of_held_ones_unless_they_turn_it_off() {
    let sink = SmtpSink::start().await;
    let app = TestApp::with_settings(|settings| {
        mailing(sink.url())(settings);
        settings.site.comment_held_words = vec!["casino".into()];
    })
    .await;
    let author = app.user("author").await;
    let editor = app.account("editor", blog::model::Role::Editor).await;
    let reader = app.user("reader").await;
    let post = app.publish(&author, "Tea", "All about tea.", &[]).await;
    let comments_uri = format!("/api/articles/{}/comments", post.summary.slug);
    let comment = |who: &crate::common::SignedIn, body: &str| {
        let body = json!({ "comment": { "body": body } });
        app.api().by(who).post(&comments_uri, body)
    };

    // A shown comment: the post's author hears of it (not the commenter, not the editor).
    comment(&reader, "Lovely tea.")
        .await
        .assert_status(StatusCode::CREATED);
    let received = delivered(&app, &sink, 1).await;
    assert_eq!(received[0].to, "author@example.com");
    assert_eq!(received[0].subject, "reader commented on “Tea”");
    assert!(received[0].text.contains("Lovely tea."));
    assert!(
        received[0]
            .text
            .contains(&format!("{PUBLIC_URL}/post/{}#comment-", post.summary.slug))
    );

    // The author's own comment tells nobody.
    comment(&author, "Thanks!")
        .await
        .assert_status(StatusCode::CREATED);

    // A held comment: the post's author and the editor hear of it.
    comment(&reader, "Visit my casino")
        .await
        .assert_status(StatusCode::CREATED);
    let received = delivered(&app, &sink, 3).await;
    let mut told: Vec<&str> = received[1..].iter().map(|m| m.to.as_str()).collect();
    told.sort();
    assert_eq!(told, ["author@example.com", "editor@example.com"]);
    assert!(received[1].subject.contains("awaits moderation"));

    // Turned off, nothing more.
    for who in [&author, &editor] {
        app.rpc()
            .by(who)
            .form(
                "account/notices/save",
                &[("comments", "false"), ("held", "false")],
            )
            .await
            .assert_status(StatusCode::OK);
    }
    let notices = app.rpc().by(&author).form("account/notices", &[]).await;
    assert_eq!(notices.body, json!({ "comments": false, "held": false }));
    comment(&reader, "More tea.")
        .await
        .assert_status(StatusCode::CREATED);
    comment(&reader, "casino again")
        .await
        .assert_status(StatusCode::CREATED);
    tokio::time::sleep(Duration::from_millis(200)).await;
    app.state.outbox.deliver_due().await.unwrap();
    assert_eq!(sink.received().len(), 3);
}
