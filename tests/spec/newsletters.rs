//! Newsletters, through a real SMTP server (aiosmtpd on loopback): an address subscribes,
//! confirms by the emailed link and gets each new post once (not an edit, not a re-publish),
//! rendered for mail clients with its reader's unsubscribe link and RFC 8058 one-click
//! headers; an account subscribes while its address is verified; an address on two lists
//! gets one message; two servers write a newsletter's messages once between them; and the
//! real binary, killed while sending, loses and repeats nothing once it is back.

use std::{collections::HashMap, time::Duration};

use axum::{
    body::Body,
    http::{Request, StatusCode, header},
};
use blog::{
    model::Publication,
    server::{
        content::posts::{PostChanges, Scope},
        settings::Settings,
    },
};

use crate::common::{
    SignedIn, TestApp,
    mail::{Received, SmtpSink, free_port},
};

const PUBLIC_URL: &str = "https://blog.test";

fn mailing(relay: String) -> impl FnOnce(&mut Settings) {
    move |settings| {
        settings.email.smtp_url = relay;
        settings.email.from = "Test Blog <blog@blog.test>".into();
        settings.server.public_url = PUBLIC_URL.into();
    }
}

/// Runs the workers (as every server does each second) until `count` messages have
/// arrived, or ten seconds have passed.
async fn delivered(app: &TestApp, sink: &SmtpSink, count: usize) -> Vec<Received> {
    for _ in 0..200 {
        app.state
            .newsletters
            .send_due()
            .await
            .expect("newsletters go out");
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

/// Runs the workers until nothing is left to write or send, then says what arrived.
async fn everything_sent(app: &TestApp, sink: &SmtpSink) -> Vec<Received> {
    for _ in 0..200 {
        let written = app.state.newsletters.send_due().await.expect("newsletters");
        let sent = app
            .state
            .outbox
            .deliver_due()
            .await
            .expect("the outbox runs");
        let waiting: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE state IN ('queued', 'sending')")
                .fetch_one(&app.state.db)
                .await
                .expect("a count");
        if written == 0 && sent == 0 && waiting == 0 {
            return sink.received();
        }
    }
    panic!("the outbox did not empty");
}

/// Subscribes `email` (to `author`'s posts, or the site's) and follows the emailed link.
async fn subscribe_and_confirm(app: &TestApp, sink: &SmtpSink, email: &str, author: &str) {
    let before = sink.received().len();
    app.rpc()
        .form(
            "newsletter/subscribe",
            &[("email", email), ("author", author)],
        )
        .await
        .assert_status(StatusCode::OK);
    let received = delivered(app, sink, before + 1).await;
    let message = &received[before];
    assert_eq!(message.to, email.to_lowercase());
    let token = message.link_token(&format!("{PUBLIC_URL}/subscribe/confirm/"));
    let page = app.get(&format!("/subscribe/confirm/{token}")).await;
    page.assert_status(StatusCode::OK);
    assert!(
        page.text().contains("You are subscribed to"),
        "{}",
        page.text()
    );
}

fn header_of<'a>(message: &'a Received, name: &str) -> Option<&'a str> {
    let head = message.raw.split("\n\n").next().unwrap_or_default();
    head.lines()
        .find_map(|line| line.strip_prefix(&format!("{name}: ")))
        .map(|value| value.trim_end_matches('\r'))
}

async fn one_click(app: &TestApp, unsubscribe: &str) -> crate::common::Reply {
    let path = unsubscribe
        .strip_prefix(PUBLIC_URL)
        .expect("a link of the site");
    app.send(
        Request::post(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            // A mail provider's server: another origin, no cookie, no token.
            .header(header::ORIGIN, "https://mail.example")
            .body(Body::from("List-Unsubscribe=One-Click"))
            .unwrap(),
    )
    .await
}

#[tokio::test]
async fn a_confirmed_reader_gets_each_new_post_once_and_leaves_with_one_click() {
    let sink = SmtpSink::start().await;
    let app = TestApp::with_settings(mailing(sink.url())).await;
    let author = app.user("writer").await;
    subscribe_and_confirm(&app, &sink, "Reader@Example.com", "").await;

    let body = "Steep it for **three** minutes.\n\n![A cup](/media/cup.png)\n\n\
                [More on tea](/post/older) and <script>alert(1)</script>";
    let post = app.publish(&author, "Green tea", body, &["tea"]).await;
    let received = delivered(&app, &sink, 2).await;
    let letter = &received[1];
    assert_eq!(letter.to, "reader@example.com");
    assert_eq!(letter.subject, "Green tea");
    assert_eq!(letter.content_type, "multipart/alternative");
    // Both parts, links and images absolute, nothing that runs.
    assert!(letter.text.contains("Steep it for **three** minutes."));
    assert!(
        letter
            .text
            .contains(&format!("![A cup]({PUBLIC_URL}/media/cup.png)"))
    );
    let post_url = format!("{PUBLIC_URL}/post/{}", post.summary.slug);
    assert!(letter.text.contains(&post_url), "{}", letter.text);
    assert!(letter.html.contains("<strong>three</strong>"));
    assert!(
        letter
            .html
            .contains(&format!("src=\"{PUBLIC_URL}/media/cup.png\"")),
        "{}",
        letter.html
    );
    assert!(
        letter
            .html
            .contains(&format!("href=\"{PUBLIC_URL}/post/older\""))
    );
    assert!(
        letter.html.contains("alt=\"A cup\""),
        "readable without images"
    );
    assert!(!letter.html.to_lowercase().contains("<script"));
    // Its reader's own way out, in the body and as one-click headers.
    let token = letter.link_token(&format!("{PUBLIC_URL}/unsubscribe/"));
    let unsubscribe = format!("{PUBLIC_URL}/unsubscribe/{token}");
    assert!(letter.html.contains(&format!("href=\"{unsubscribe}\"")));
    assert_eq!(
        header_of(letter, "List-Unsubscribe"),
        Some(format!("<{unsubscribe}>").as_str())
    );
    assert_eq!(
        header_of(letter, "List-Unsubscribe-Post"),
        Some("List-Unsubscribe=One-Click")
    );

    // An edit, an unpublish and a re-publish send nothing more.
    let slug = post.summary.slug.clone();
    app.api()
        .by(&author)
        .put(
            &format!("/api/articles/{slug}"),
            serde_json::json!({ "article": { "body": "Steep it for two minutes." } }),
        )
        .await
        .assert_status(StatusCode::OK);
    for publication in [Publication::Draft, Publication::Published] {
        let changes = PostChanges {
            publication: Some(publication),
            ..PostChanges::default()
        };
        app.state
            .posts
            .update(author.id, &slug, Scope::WithDrafts, changes)
            .await
            .expect("unpublished, then published again");
    }
    assert_eq!(everything_sent(&app, &sink).await.len(), 2);

    // Its author sees how many it went to.
    let report = app
        .rpc()
        .by(&author)
        .form("newsletter/report", &[("slug", slug.as_str())])
        .await;
    report.assert_status(StatusCode::OK);
    assert_eq!(report.body["recipients"], 1);
    assert_eq!(report.body["delivered"], 1);
    assert_eq!(report.body["finished"], true);

    // The page behind the link only asks; the mail client's one-click post unsubscribes.
    let page = app.get(&format!("/unsubscribe/{token}")).await;
    page.assert_status(StatusCode::OK);
    assert!(
        page.text()
            .contains("Stop getting new posts from Test Blog"),
        "{}",
        page.text()
    );
    one_click(&app, &unsubscribe)
        .await
        .assert_status(StatusCode::OK);
    let page = app.get(&format!("/unsubscribe/{token}")).await;
    assert!(page.text().contains("not subscribed"), "{}", page.text());
    // Twice is no error.
    one_click(&app, &unsubscribe)
        .await
        .assert_status(StatusCode::OK);

    app.publish(&author, "Black tea", "Strong.", &[]).await;
    assert_eq!(everything_sent(&app, &sink).await.len(), 2);
}

#[tokio::test]
async fn an_unconfirmed_address_gets_its_link_and_nothing_else() {
    let sink = SmtpSink::start().await;
    let app = TestApp::with_settings(mailing(sink.url())).await;
    let author = app.user("writer").await;
    for _ in 0..3 {
        app.rpc()
            .form(
                "newsletter/subscribe",
                &[("email", "shy@example.com"), ("author", "")],
            )
            .await
            .assert_status(StatusCode::OK);
    }
    app.publish(&author, "Tea", "Hot.", &[]).await;
    let received = everything_sent(&app, &sink).await;
    assert_eq!(received.len(), 1, "one link, however often it is asked for");
    assert!(received[0].subject.starts_with("Confirm your subscription"));

    // A link older than a week confirms nothing.
    let token = received[0].link_token(&format!("{PUBLIC_URL}/subscribe/confirm/"));
    app.advance(Duration::from_secs(8 * 24 * 60 * 60));
    let page = app.get(&format!("/subscribe/confirm/{token}")).await;
    page.assert_status(StatusCode::UNPROCESSABLE_ENTITY);

    // Nonsense is refused with what was wrong; an unknown author is not found.
    let bad = app
        .rpc()
        .form(
            "newsletter/subscribe",
            &[("email", "not an address"), ("author", "")],
        )
        .await;
    bad.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    let nobody = app
        .rpc()
        .form(
            "newsletter/subscribe",
            &[("email", "a@example.com"), ("author", "nobody")],
        )
        .await;
    nobody.assert_status(StatusCode::NOT_FOUND);
}

async fn mark_verified(app: &TestApp, who: &SignedIn) {
    sqlx::query("UPDATE users SET email_verified_at = 1 WHERE id = $1")
        .bind(who.id.0)
        .execute(&app.state.db)
        .await
        .expect("verified");
}

#[tokio::test]
async fn an_account_subscribes_to_an_author_while_its_address_is_verified_and_gets_one_copy() {
    let sink = SmtpSink::start().await;
    let app = TestApp::with_settings(mailing(sink.url())).await;
    let writer = app.user("writer").await;
    let other = app.user("other").await;
    let reader = app.user("reader").await;
    let save = |author: &'static str, subscribed: &'static str| {
        let fields = [("author", author), ("subscribed", subscribed)];
        let client = app.rpc().by(&reader);
        async move { client.form("newsletter/mine/save", &fields).await }
    };

    let refused = save("writer", "true").await;
    refused.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.text().contains("not verified"),
        "{}",
        refused.text()
    );

    mark_verified(&app, &reader).await;
    save("writer", "true").await.assert_status(StatusCode::OK);
    let mine = app
        .rpc()
        .by(&reader)
        .form("newsletter/mine", &[("author", "writer")])
        .await;
    assert_eq!(mine.body, true);
    // The same address is on the site's list too: one message per post all the same.
    subscribe_and_confirm(&app, &sink, "reader@example.com", "").await;

    app.publish(&writer, "Tea", "Hot.", &[]).await;
    app.publish(&other, "Coffee", "Strong.", &[]).await;
    let received = everything_sent(&app, &sink).await;
    let mut subjects: Vec<&str> = received[1..].iter().map(|m| m.subject.as_str()).collect();
    subjects.sort();
    assert_eq!(subjects, ["Coffee", "Tea"]);
    assert!(received[1..].iter().all(|m| m.to == "reader@example.com"));

    // An address no longer verified is sent nothing from the account's subscription.
    sqlx::query("UPDATE users SET email_verified_at = NULL WHERE id = $1")
        .bind(reader.id.0)
        .execute(&app.state.db)
        .await
        .unwrap();
    save("writer", "false").await.assert_status(StatusCode::OK);
    mark_verified(&app, &reader).await;
    let mine = app
        .rpc()
        .by(&reader)
        .form("newsletter/mine", &[("author", "writer")])
        .await;
    assert_eq!(mine.body, false);
}

/// `count` confirmed readers of the site's list, written as a fixture.
async fn confirmed_readers(app: &TestApp, count: usize) {
    for n in 0..count {
        sqlx::query(
            "INSERT INTO subscriptions (author_id, email, language, unsubscribe_token, \
             created_at, confirmed_at) VALUES (0, $1, 'en', $2, 1, 1)",
        )
        .bind(format!("reader{n}@example.com"))
        .bind(format!("token-{n}"))
        .execute(&app.state.db)
        .await
        .expect("a reader");
    }
}

#[tokio::test]
async fn two_servers_write_a_newsletter_once_between_them() {
    let app = TestApp::with_settings(mailing(crate::common::mail::smtp_url(free_port()))).await;
    let second = app.another_server().await;
    confirmed_readers(&app, 1_200).await;
    let author = app.user("writer").await;
    app.publish(&author, "Tea", "Hot.", &[]).await;

    let (one, two) = tokio::join!(
        app.state.newsletters.send_due(),
        second.state.newsletters.send_due()
    );
    let (one, two) = (one.unwrap(), two.unwrap());
    // Until it is done, the claim keeps the other server off; then there is nothing left.
    while app.state.newsletters.send_due().await.unwrap() > 0 {}
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE kind = 'newsletter'")
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert_eq!(rows, 1_200);
    assert!(one + two <= 1_200);
    let recipients: i64 = sqlx::query_scalar("SELECT recipients FROM newsletters")
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert_eq!(recipients, 1_200);
}

#[tokio::test]
async fn without_a_relay_nobody_can_subscribe_and_pages_say_so() {
    let app = TestApp::new().await;
    let refused = app
        .rpc()
        .form(
            "newsletter/subscribe",
            &[("email", "a@example.com"), ("author", "")],
        )
        .await;
    refused.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text().contains("sends no email"));
    let page = app.get("/subscribe").await;
    assert!(page.text().contains("This site sends no email"));
    assert!(!app.get("/").await.text().contains("/subscribe"));
}

/// The real binary on `app`'s database, sending through `relay`, claims lasting `lease`.
fn serve(app: &TestApp, relay: &str) -> std::process::Child {
    std::process::Command::new(env!("CARGO_BIN_EXE_blog"))
        .env("BLOG_SERVER__ADDRESS", format!("127.0.0.1:{}", free_port()))
        .env("BLOG_SERVER__PUBLIC_URL", PUBLIC_URL)
        .env("BLOG_DATABASE__URL", &app.state.settings.database.url)
        .env("BLOG_AUTH__SECRET_FILE", app.dir.path().join("jwt-secret"))
        .env("BLOG_EMAIL__SMTP_URL", relay)
        .env("BLOG_EMAIL__FROM", "Test Blog <blog@blog.test>")
        .env("BLOG_EMAIL__CLAIM_LEASE", "3s")
        .env("LEPTOS_SITE_ROOT", app.dir.path().join("site"))
        .env("RUST_LOG", "warn")
        .env("LEPTOS_OUTPUT_NAME", "blog")
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("the blog binary starts")
}

async fn until_received(sink: &SmtpSink, wanted: impl Fn(&[Received]) -> bool, what: &str) {
    for _ in 0..1_200 {
        if wanted(&sink.received()) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!(
        "{what}: only {} messages arrived in two minutes",
        sink.received().len()
    );
}

#[tokio::test]
async fn sqlite_only_a_server_killed_while_sending_a_newsletter_loses_and_repeats_nothing() {
    const READERS: usize = 1_000;
    let sink = SmtpSink::start().await;
    let app = TestApp::with_settings(mailing(sink.url())).await;
    app.require_sqlite();
    confirmed_readers(&app, READERS).await;
    let author = app.user("writer").await;
    app.publish(&author, "Tea", "Hot.", &[]).await;

    let mut server = serve(&app, &sink.url());
    until_received(&sink, |received| received.len() >= 150, "before the kill").await;
    server.kill().expect("SIGKILL");
    server.wait().unwrap();
    let at_kill = sink.received().len();
    assert!(at_kill < READERS, "the kill came too late to test anything");

    let mut server = serve(&app, &sink.url());
    until_received(
        &sink,
        |received| {
            let mut to: Vec<&str> = received.iter().map(|m| m.to.as_str()).collect();
            to.sort_unstable();
            to.dedup();
            to.len() >= READERS
        },
        "after the restart",
    )
    .await;
    // What was sending when the server died is sent once its claim runs out: wait for the
    // outbox to say every message left.
    for _ in 0..300 {
        let unsent: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE state <> 'sent'")
            .fetch_one(&app.state.db)
            .await
            .unwrap();
        if unsent == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    server.kill().unwrap();
    server.wait().unwrap();

    let received = sink.received();
    let mut per_reader: HashMap<&str, Vec<&str>> = HashMap::new();
    for message in &received {
        per_reader
            .entry(message.to.as_str())
            .or_default()
            .push(message.message_id.as_str());
    }
    assert_eq!(per_reader.len(), READERS, "every reader got it");
    for (reader, ids) in &per_reader {
        let mut distinct = ids.clone();
        distinct.dedup();
        // A message the relay took just before the kill, and the server never recorded, goes
        // again with the same Message-ID, which mail clients show once: at most those in flight.
        assert_eq!(
            distinct.len(),
            1,
            "{reader} got two different messages: {ids:?}"
        );
    }
    let copies = received.len() - READERS;
    assert!(
        copies <= app.state.settings.email.sends_at_once,
        "{copies} copies; at most the messages in flight at the kill may go twice"
    );
    let unsent: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE state <> 'sent'")
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    assert_eq!(unsent, 0);
}
