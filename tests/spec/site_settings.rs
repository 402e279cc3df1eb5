//! The owner shapes the publication from the browser: what the settings page saves is on
//! every page at once (title, description, navigation, colours, language, list length), who
//! may join follows it, and the settings file gives back any value the page stops setting.
//! Only admins change it; a bad value is refused by name and changes nothing.

use axum::http::StatusCode;
use blog::model::Role;
use serde_json::{Value, json};

use crate::common::*;

async fn settings_page(app: &TestApp, admin: &SignedIn) -> Value {
    let reply = app.rpc().by(admin).call("site/settings", json!({})).await;
    reply.assert_status(StatusCode::OK);
    reply.body
}

fn source(page: &Value, key: &str) -> String {
    page["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|pair| pair[0] == key)
        .map(|pair| pair[1].as_str().unwrap().to_owned())
        .unwrap_or_else(|| panic!("no source for {key}: {page}"))
}

/// Saves the settings in effect with `edit` applied, every setting set here unless it is in
/// `from_file`.
async fn save(
    app: &TestApp,
    who: &SignedIn,
    edit: impl FnOnce(&mut Value),
    from_file: &[&str],
) -> Reply {
    let mut values = settings_page(app, who).await["current"].clone();
    edit(&mut values);
    app.rpc()
        .by(who)
        .call(
            "site/settings/save",
            json!({"change": {"values": values, "from_file": from_file}}),
        )
        .await
}

#[tokio::test]
async fn what_the_owner_saves_is_on_every_page_feed_and_stylesheet_at_once() {
    let app = TestApp::new().await;
    let owner = app.admin("owner").await;
    let alice = app.user("alice").await;
    app.publish(&alice, "A first post", "Words.", &["rust"])
        .await;

    // Where each value comes from: the test's settings file names the site.
    let page = settings_page(&app, &owner).await;
    assert_eq!(page["current"]["title"], "Test Blog");
    assert_eq!(source(&page, "title"), "File");
    assert_eq!(source(&page, "description"), "Default");
    // Cached before the change: the change must not leave it stale.
    assert_eq!(app.page("/").await.title(), "Test Blog");

    let reply = save(
        &app,
        &owner,
        |values| {
            values["title"] = json!("Field Notes");
            values["description"] = json!("Notes from the field, weekly.");
            values["accent"] = json!("#7A1F5C");
            values["navigation"] = json!([
                {"label": "About", "href": "/about"},
                {"label": "Rust", "href": "/tag/rust"},
                {"label": "Code", "href": "https://codeberg.org/owner"},
            ]);
            values["custom_css"] = json!(".post-card h2 { letter-spacing: -0.01em; }");
            values["code_theme"] = json!("solarized");
        },
        &[],
    )
    .await;
    reply.assert_status(StatusCode::OK);
    assert_eq!(source(&reply.body, "title"), "Here");
    assert_eq!(reply.body["current"]["accent"], "#7a1f5c", "tidied");

    let home = app.page("/").await;
    assert_eq!(home.title(), "Field Notes");
    assert_eq!(home.text(".site-title"), "Field Notes");
    assert_eq!(
        home.meta("description").as_deref(),
        Some("Notes from the field, weekly.")
    );
    let links: Vec<(String, String)> = home
        .links(".site-nav a")
        .into_iter()
        .map(|link| (link.text, link.href))
        .collect();
    assert_eq!(
        links,
        [
            ("About".into(), "/about".into()),
            ("Rust".into(), "/tag/rust".into()),
            ("Code".into(), "https://codeberg.org/owner".into()),
        ]
    );
    assert_eq!(
        home.attr("html", "data-code-theme").as_deref(),
        Some("solarized")
    );
    let post_page = app.page("/tag/rust").await;
    assert!(
        post_page.title().ends_with("· Field Notes"),
        "{}",
        post_page.title()
    );

    // The stylesheet is the site's own file (the CSP allows no inline style), versioned.
    let href = home
        .attr("link[rel=stylesheet][href^='/site.css']", "href")
        .expect("the owner's stylesheet is linked");
    let css = app.get(&href).await;
    css.assert_status(StatusCode::OK);
    assert!(
        css.text().contains("--accent: light-dark(#7a1f5c, #"),
        "{}",
        css.text()
    );
    assert!(css.text().contains("letter-spacing: -0.01em"));
    assert_eq!(
        css.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );
    assert!(css.header("content-type").unwrap().starts_with("text/css"));

    let feed = app.get("/atom.xml").await;
    assert!(
        feed.text().contains("<title>Field Notes</title>"),
        "{}",
        feed.text()
    );
    assert!(feed.text().contains("Notes from the field, weekly."));

    // The title goes back to the file's; the rest stays.
    let reply = save(&app, &owner, |_| {}, &["title"]).await;
    reply.assert_status(StatusCode::OK);
    assert_eq!(reply.body["current"]["title"], "Test Blog");
    assert_eq!(source(&reply.body, "title"), "File");
    assert_eq!(source(&reply.body, "description"), "Here");
    let home = app.page("/").await;
    assert_eq!(home.title(), "Test Blog");
    assert_eq!(home.links(".site-nav a").len(), 3);
}

#[tokio::test]
async fn only_admins_see_or_change_the_settings() {
    let app = TestApp::new().await;
    let owner = app.admin("owner").await;
    let editor = app.account("eddie", Role::Editor).await;
    let values = settings_page(&app, &owner).await["current"].clone();
    let change = json!({"change": {"values": values, "from_file": []}});
    for who in [&editor] {
        app.rpc()
            .by(who)
            .call("site/settings", json!({}))
            .await
            .assert_status(StatusCode::FORBIDDEN);
        app.rpc()
            .by(who)
            .call("site/settings/save", change.clone())
            .await
            .assert_status(StatusCode::FORBIDDEN);
    }
    app.rpc()
        .call("site/settings/save", change)
        .await
        .assert_status(StatusCode::UNAUTHORIZED);
    assert_eq!(app.page("/").await.title(), "Test Blog");
}

#[tokio::test]
async fn a_bad_value_is_refused_by_name_and_nothing_is_stored() {
    let app = TestApp::new().await;
    let owner = app.admin("owner").await;
    let refusals: [(&str, Value); 9] = [
        ("title", json!("   ")),
        ("accent", json!("#ffff00")),
        ("accent", json!("red")),
        (
            "navigation",
            json!([{"label": "x", "href": "javascript:alert(1)"}]),
        ),
        (
            "navigation",
            json!(
                (0..13)
                    .map(|n| json!({"label": n.to_string(), "href": "/"}))
                    .collect::<Vec<_>>()
            ),
        ),
        ("posts_per_page", json!(0)),
        ("new_account_role", json!("admin")),
        ("logo", json!("https://tracker.example/pixel.gif")),
        ("custom_css", json!("a{}".repeat(11_000))),
    ];
    for (field, bad) in refusals {
        let reply = save(
            &app,
            &owner,
            |values| {
                values["description"] = json!("not kept either");
                values[field] = bad.clone();
            },
            &[],
        )
        .await;
        reply.assert_invalid(field);
    }
    let page = settings_page(&app, &owner).await;
    assert_eq!(page["current"]["description"], "");
    assert!(
        page["sources"]
            .as_array()
            .unwrap()
            .iter()
            .all(|pair| pair[1] != "Here"),
        "{page}"
    );
    // A value of the wrong shape is a 400 that says so, not a 500.
    let reply = app
        .rpc()
        .by(&owner)
        .call(
            "site/settings/save",
            json!({"change": {"values": {"title": 5}, "from_file": []}}),
        )
        .await;
    assert!(reply.status.is_client_error(), "{reply:?}");
}

#[tokio::test]
async fn who_may_join_follows_the_settings_at_once() {
    let app = TestApp::new().await;
    let owner = app.admin("owner").await;
    save(
        &app,
        &owner,
        |values| values["registration"] = json!("closed"),
        &[],
    )
    .await
    .assert_status(StatusCode::OK);
    let sign_up = |name: &str| json!({"user": {"username": name, "email": format!("{name}@example.com"), "password": PASSWORD}});
    app.api()
        .post("/api/users", sign_up("closedout"))
        .await
        .assert_status(StatusCode::FORBIDDEN);

    save(
        &app,
        &owner,
        |values| {
            values["registration"] = json!("open");
            values["new_account_role"] = json!("contributor");
        },
        &[],
    )
    .await
    .assert_status(StatusCode::OK);
    let fields = [
        ("username", "newcomer"),
        ("email", "newcomer@example.com"),
        ("password", PASSWORD),
    ];
    let joined = app.rpc().form("auth/register", &fields).await.ok();
    assert_eq!(joined["user"]["role"], "contributor");
}

#[tokio::test]
async fn lists_and_the_default_language_follow_the_settings() {
    let app = TestApp::new().await;
    let owner = app.admin("owner").await;
    let alice = app.user("alice").await;
    for n in 1..=3 {
        app.publish(&alice, &format!("Post {n}"), "Words.", &[])
            .await;
    }
    assert_eq!(app.page("/").await.count("article.post-card"), 3);
    save(
        &app,
        &owner,
        |values| {
            values["posts_per_page"] = json!(2);
            values["language"] = json!("zh");
        },
        &[],
    )
    .await
    .assert_status(StatusCode::OK);
    let home = app.page("/").await;
    assert_eq!(home.count("article.post-card"), 2);
    assert!(home.has(".pagination a[rel=next]"), "a second page");
    assert_eq!(home.attr("html", "lang").as_deref(), Some("zh"));

    // The reader's browser still wins when it asks for a language the site has.
    let lang_of = |reply: Reply| reply.page().attr("html", "lang");
    let english = app.get_with("/", &[("accept-language", "en-GB")]).await;
    assert_eq!(lang_of(english).as_deref(), Some("en"));
    let french = app
        .get_with("/", &[("accept-language", "fr-FR, de;q=0.5")])
        .await;
    assert_eq!(lang_of(french).as_deref(), Some("zh"));
}

#[tokio::test]
async fn the_admin_pages_stay_out_of_search_engines() {
    let app = TestApp::new().await;
    let robots = app.get("/robots.txt").await;
    assert!(
        robots.text().contains("Disallow: /admin"),
        "{}",
        robots.text()
    );
}

#[tokio::test]
async fn the_header_shows_a_copy_of_the_logo_sized_for_it() {
    let app = TestApp::new().await;
    let owner = app.admin("owner").await;
    // A 1600 × 800 upload: the header shows it 32 px high, so 64 px wide, and the smallest
    // copy sharp at twice that (320 px wide, 160 high) rather than the whole image.
    let reply = app
        .api()
        .by(&owner)
        .upload(
            "logo.png",
            "image/png",
            &crate::common::images::png(1600, 800),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{reply:?}");
    let url = reply.body["upload"]["url"].as_str().unwrap().to_owned();
    save(&app, &owner, |values| values["logo"] = json!(url), &[])
        .await
        .assert_status(StatusCode::OK);
    let home = app.page("/").await;
    let src = home.attr("img.site-logo", "src").expect("a logo");
    assert_eq!(src, url.replace(".png", "-320w.png"));
    assert_eq!(home.attr("img.site-logo", "width").as_deref(), Some("64"));
    assert_eq!(home.attr("img.site-logo", "height").as_deref(), Some("32"));
    app.get(&src).await.assert_status(StatusCode::OK);
}
