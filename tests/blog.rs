//! The blog as its readers and writers meet it: drafts and publishing, who may change what,
//! slugs, validation, safe Markdown, the reader pages and comments. Server functions are
//! called over `/rpc` as the browser app calls them, pages fetched as a browser would, all
//! through the real router over a real SQLite file.

mod common;

use axum::{
    body::Body,
    http::{Request, StatusCode, header},
};
use blog::server::{accounts::NewAccount, settings::Registration};
use common::*;
use serde_json::{Value, json};

// ---- helpers ----

/// A server function's answer: its status and its JSON body.
#[derive(Debug)]
struct Reply {
    status: StatusCode,
    body: Value,
}

impl Reply {
    /// The value of a successful call; fails the test with the reply otherwise.
    fn ok(self) -> Value {
        assert_eq!(self.status, StatusCode::OK, "{:?}", self.body);
        self.body
    }

    /// Asserts a 422 that names `field`.
    fn assert_invalid(&self, field: &str) {
        assert_eq!(
            self.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{:?}",
            self.body
        );
        assert_eq!(self.body["Invalid"]["field"], field, "{:?}", self.body);
        assert!(
            self.body["Invalid"]["message"]
                .as_str()
                .is_some_and(|message| !message.is_empty()),
            "a message the user can act on: {:?}",
            self.body
        );
    }

    fn assert_error(&self, status: StatusCode, error: Value) {
        assert_eq!(self.status, status, "{:?}", self.body);
        assert_eq!(self.body, error);
    }
}

/// Calls a JSON server function, signed in when a token is given.
async fn rpc(app: &TestApp, endpoint: &str, token: Option<&str>, args: Value) -> Reply {
    let mut request =
        Request::post(format!("/rpc/{endpoint}")).header(header::CONTENT_TYPE, "application/json");
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    let response = app
        .send(request.body(Body::from(args.to_string())).unwrap())
        .await;
    reply(response).await
}

async fn reply(response: axum::http::Response<Body>) -> Reply {
    let status = response.status();
    let text = body_text(response).await;
    let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
    Reply { status, body }
}

/// What the editor sends: a title, a description derived from it, a body and tags.
fn draft(title: &str, body: &str, tags: &[&str]) -> Value {
    json!({
        "title": title,
        "description": format!("All about {title}"),
        "body": body,
        "tags": tags,
    })
}

async fn save(
    app: &TestApp,
    token: Option<&str>,
    slug: Option<&str>,
    draft: Value,
    status: &str,
) -> Reply {
    rpc(
        app,
        "posts/save",
        token,
        json!({ "slug": slug, "draft": draft, "status": status }),
    )
    .await
}

/// Writes and publishes a new post; returns the stored post.
async fn publish(app: &TestApp, who: &SignedIn, title: &str, body: &str, tags: &[&str]) -> Value {
    save(
        app,
        Some(&who.access_token),
        None,
        draft(title, body, tags),
        "published",
    )
    .await
    .ok()
}

/// Writes a new draft; returns the stored post.
async fn write_draft(
    app: &TestApp,
    who: &SignedIn,
    title: &str,
    body: &str,
    tags: &[&str],
) -> Value {
    save(
        app,
        Some(&who.access_token),
        None,
        draft(title, body, tags),
        "draft",
    )
    .await
    .ok()
}

fn slug_of(post: &Value) -> String {
    post["summary"]["slug"].as_str().expect("a slug").to_owned()
}

async fn get_post(app: &TestApp, token: Option<&str>, slug: &str) -> Reply {
    rpc(app, "posts/get", token, json!({ "slug": slug })).await
}

/// A page as a browser gets it: its status and its HTML.
async fn page(app: &TestApp, uri: &str) -> (StatusCode, String) {
    let response = app.get(uri).await;
    let status = response.status();
    (status, body_text(response).await)
}

/// A page that must exist.
async fn html(app: &TestApp, uri: &str) -> String {
    let (status, html) = page(app, uri).await;
    assert_eq!(status, StatusCode::OK, "{uri}: {html}");
    html
}

/// The not-found page, with its status.
async fn assert_not_found_page(app: &TestApp, uri: &str) {
    let (status, html) = page(app, uri).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{uri}: {html}");
    assert!(html.contains("Page not found"), "{uri}: {html}");
    assert!(
        html.contains("<title>Page not found · Test Blog</title>"),
        "{uri}: {html}"
    );
}

/// The titles of published posts in `posts/list`, in order.
async fn listed_titles(app: &TestApp, query: Value) -> Vec<String> {
    let page = rpc(app, "posts/list", None, json!({ "query": query }))
        .await
        .ok();
    titles(&page["posts"])
}

fn titles(posts: &Value) -> Vec<String> {
    posts
        .as_array()
        .expect("a list of posts")
        .iter()
        .map(|post| post["title"].as_str().unwrap().to_owned())
        .collect()
}

/// The post's own part of a post page: header, body and tags, without the site around it.
fn article(html: &str) -> &str {
    let start = element_at(html, "article", &[("class", "post")], None)
        .unwrap_or_else(|| panic!("a post article: {html}"));
    let end = start
        + html[start..]
            .find("</article>")
            .expect("the end of the article");
    &html[start..end]
}

/// The server-rendered list of comments (empty when there are none).
fn comment_list(html: &str) -> &str {
    let Some(start) = element_at(html, "ol", &[("class", "comment-list")], None) else {
        return "";
    };
    let end = start
        + html[start..]
            .find("</ol>")
            .expect("the end of the comments");
    &html[start..end]
}

/// Where the first `<name>` element with all of `attributes` (values as written in the HTML,
/// entities and all) and, if given, exactly `text` inside (tags stripped) starts.
fn element_at(
    html: &str,
    name: &str,
    attributes: &[(&str, &str)],
    text: Option<&str>,
) -> Option<usize> {
    tags_of(html).into_iter().find_map(|tag| {
        let matches = tag.name == name
            && !tag.raw.starts_with("</")
            && attributes.iter().all(|(attribute, value)| {
                tag.attributes
                    .iter()
                    .any(|(a, v)| a == attribute && v == value)
            });
        if !matches {
            return None;
        }
        match text {
            None => Some(tag.start),
            Some(text) => {
                let rest = &html[tag.end..];
                let inner = &rest[..rest.find(&format!("</{name}>"))?];
                (text_of(inner) == text).then_some(tag.start)
            }
        }
    })
}

fn has_element(html: &str, name: &str, attributes: &[(&str, &str)], text: Option<&str>) -> bool {
    element_at(html, name, attributes, text).is_some()
}

/// The text of a piece of HTML: tags dropped, entities left as they are.
fn text_of(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.trim().to_owned()
}

/// An element a page must hold: its name, some of its attributes, and maybe its text.
type Expected<'a> = (&'a str, &'a [(&'a str, &'a str)], Option<&'a str>);

/// Where a post card's title link to `slug` reading `title` is.
fn card_link_at(html: &str, slug: &str, title: &str) -> Option<usize> {
    element_at(
        html,
        "a",
        &[("href", &format!("/post/{slug}"))],
        Some(title),
    )
}

// ---- an HTML tag scanner for the sanitization checks ----

/// One start or end tag of a piece of HTML: its lower-cased name and attributes.
#[derive(Debug)]
struct HtmlTag {
    /// Byte offsets of its `<` and just after its `>`.
    start: usize,
    end: usize,
    raw: String,
    name: String,
    attributes: Vec<(String, String)>,
}

/// Every tag in `html`. Text cannot hold a raw `<` (it would be `&lt;`), so each `<` opens a
/// tag, a comment or a doctype; quoted attribute values may hold `>`.
fn tags_of(html: &str) -> Vec<HtmlTag> {
    let bytes = html.as_bytes();
    let mut tags = Vec::new();
    let mut at = 0;
    while let Some(offset) = html[at..].find('<') {
        let start = at + offset;
        let mut end = start + 1;
        let mut quote = None;
        while end < bytes.len() {
            match (quote, bytes[end]) {
                (None, b'"' | b'\'') => quote = Some(bytes[end]),
                (Some(open), byte) if byte == open => quote = None,
                (None, b'>') => break,
                _ => {}
            }
            end += 1;
        }
        let raw = &html[start..(end + 1).min(html.len())];
        at = (end + 1).min(html.len());
        if raw.starts_with("<!") {
            continue;
        }
        tags.push(parse_tag(raw, start));
    }
    tags
}

fn parse_tag(raw: &str, start: usize) -> HtmlTag {
    let inner = raw
        .trim_start_matches('<')
        .trim_end_matches('>')
        .trim_end_matches('/');
    let inner = inner.strip_prefix('/').unwrap_or(inner);
    let chars: Vec<char> = inner.chars().collect();
    let mut i = 0;
    let mut name = String::new();
    while i < chars.len() && !chars[i].is_whitespace() && chars[i] != '/' {
        name.push(chars[i].to_ascii_lowercase());
        i += 1;
    }
    let mut attributes = Vec::new();
    loop {
        while i < chars.len() && (chars[i].is_whitespace() || chars[i] == '/') {
            i += 1;
        }
        if i >= chars.len() {
            break;
        }
        let mut attribute = String::new();
        while i < chars.len() && !chars[i].is_whitespace() && chars[i] != '=' {
            attribute.push(chars[i].to_ascii_lowercase());
            i += 1;
        }
        while i < chars.len() && chars[i].is_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if i < chars.len() && chars[i] == '=' {
            i += 1;
            while i < chars.len() && chars[i].is_whitespace() {
                i += 1;
            }
            if i < chars.len() && (chars[i] == '"' || chars[i] == '\'') {
                let quote = chars[i];
                i += 1;
                while i < chars.len() && chars[i] != quote {
                    value.push(chars[i]);
                    i += 1;
                }
                i += 1;
            } else {
                while i < chars.len() && !chars[i].is_whitespace() {
                    value.push(chars[i]);
                    i += 1;
                }
            }
        }
        attributes.push((attribute, value));
    }
    HtmlTag {
        start,
        end: start + raw.len(),
        raw: raw.to_owned(),
        name,
        attributes,
    }
}

/// Elements a post body must never contain, whatever its author typed.
const FORBIDDEN_ELEMENTS: &[&str] = &[
    "script", "iframe", "frame", "frameset", "style", "object", "embed", "applet", "svg", "math",
    "form", "button", "meta", "link", "base", "textarea", "select",
];

/// Attributes whose value is an address a browser would load or follow.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "xlink:href",
    "srcset",
    "poster",
    "background",
    "cite",
];

/// Fails with `context` if `html` holds anything a reader's browser could be made to run.
fn assert_harmless(html: &str, context: &str) {
    let lower = html.to_ascii_lowercase();
    for needle in ["<script", "<iframe", "<style", "<object", "<svg", "<form"] {
        assert!(!lower.contains(needle), "{context}: {needle} in {html}");
    }
    assert!(
        !lower.contains("<meta http-equiv"),
        "{context}: <meta http-equiv in {html}"
    );
    for tag in tags_of(html) {
        assert!(
            !FORBIDDEN_ELEMENTS.contains(&tag.name.as_str()),
            "{context}: a <{}> element: {}",
            tag.name,
            tag.raw
        );
        for (attribute, value) in &tag.attributes {
            assert!(
                !(attribute.starts_with("on")
                    && attribute.len() > 2
                    && attribute[2..].chars().all(|c| c.is_ascii_lowercase())),
                "{context}: an event handler {attribute}= in {}",
                tag.raw
            );
            assert_ne!(
                attribute, "style",
                "{context}: a style attribute in {}",
                tag.raw
            );
            if URL_ATTRIBUTES.contains(&attribute.as_str()) {
                let address: String = value
                    .to_ascii_lowercase()
                    .chars()
                    .filter(|c| !c.is_whitespace() && !c.is_control())
                    .collect();
                for scheme in ["javascript:", "vbscript:", "data:", "&#"] {
                    assert!(
                        !address.contains(scheme),
                        "{context}: {attribute}={value:?} in {}",
                        tag.raw
                    );
                }
            }
        }
        let lower_raw = tag.raw.to_ascii_lowercase();
        assert!(
            !lower_raw.contains("javascript:"),
            "{context}: javascript: inside a tag: {}",
            tag.raw
        );
    }
}

// ---- 1. drafts ----

#[tokio::test]
async fn a_draft_appears_in_no_public_list() {
    let app = TestApp::new().await;
    let _admin = app.register("admin").await;
    let alice = app.register("alice").await;
    publish(&app, &alice, "Published piece", "Out there.", &["rust"]).await;
    let secret = write_draft(&app, &alice, "Secret plans", "Not yet.", &["rust"]).await;
    assert_eq!(secret["summary"]["status"], "draft");
    assert_eq!(secret["summary"]["published"], Value::Null);

    for uri in ["/", "/tag/rust", "/profile/alice"] {
        let html = html(&app, uri).await;
        assert!(html.contains("Published piece"), "{uri}: {html}");
        assert!(
            !html.contains("Secret plans"),
            "{uri} shows a draft: {html}"
        );
    }
    for query in [
        json!({ "tag": null, "author": null, "page": 1 }),
        json!({ "tag": "rust", "author": null, "page": 1 }),
        json!({ "tag": null, "author": "alice", "page": 1 }),
    ] {
        assert_eq!(
            listed_titles(&app, query.clone()).await,
            ["Published piece"],
            "{query}"
        );
    }
}

#[tokio::test]
async fn an_anonymous_reader_gets_the_not_found_page_for_a_draft() {
    let app = TestApp::new().await;
    let alice = app.register("alice").await;
    let post = write_draft(&app, &alice, "Secret plans", "Not yet.", &[]).await;
    let slug = slug_of(&post);
    assert_not_found_page(&app, &format!("/post/{slug}")).await;
    let (_, html) = page(&app, &format!("/post/{slug}")).await;
    assert!(!html.contains("Not yet."), "{html}");
    get_post(&app, None, &slug)
        .await
        .assert_error(StatusCode::NOT_FOUND, json!("NotFound"));
}

#[tokio::test]
async fn a_draft_is_readable_by_its_author_and_an_admin_but_not_another_author() {
    let app = TestApp::new().await;
    let admin = app.register("admin").await;
    let alice = app.register("alice").await;
    let bob = app.register("bob").await;
    let slug = slug_of(&write_draft(&app, &alice, "Secret plans", "Not yet.", &[]).await);

    for (who, reader) in [("alice", &alice), ("admin", &admin)] {
        let post = get_post(&app, Some(&reader.access_token), &slug).await.ok();
        assert_eq!(post["summary"]["title"], "Secret plans", "{who}");
        assert_eq!(post["body"], "Not yet.", "{who}");
    }
    get_post(&app, Some(&bob.access_token), &slug)
        .await
        .assert_error(StatusCode::NOT_FOUND, json!("NotFound"));
}

#[tokio::test]
async fn my_drafts_lists_only_my_own_drafts() {
    let app = TestApp::new().await;
    let admin = app.register("admin").await;
    let alice = app.register("alice").await;
    let bob = app.register("bob").await;
    write_draft(&app, &alice, "Alice's draft", "a", &[]).await;
    write_draft(&app, &bob, "Bob's draft", "b", &[]).await;
    publish(&app, &alice, "Alice's published post", "c", &[]).await;

    let drafts = |who: &SignedIn| {
        let token = who.access_token.clone();
        let app = &app;
        async move {
            let page = rpc(app, "posts/drafts", Some(&token), json!({ "page": 1 }))
                .await
                .ok();
            titles(&page["posts"])
        }
    };
    assert_eq!(drafts(&alice).await, ["Alice's draft"]);
    assert_eq!(drafts(&bob).await, ["Bob's draft"]);
    // Even an admin's own list holds only the admin's drafts.
    assert!(drafts(&admin).await.is_empty());
    rpc(&app, "posts/drafts", None, json!({ "page": 1 }))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, json!("SignInRequired"));
}

#[tokio::test]
async fn publishing_a_draft_puts_it_on_the_home_page_and_unpublishing_takes_it_off() {
    let app = TestApp::new().await;
    let alice = app.register("alice").await;
    let slug = slug_of(&write_draft(&app, &alice, "Slow cooking", "Low and slow.", &[]).await);
    assert!(!html(&app, "/").await.contains("Slow cooking"));

    let published = save(
        &app,
        Some(&alice.access_token),
        Some(&slug),
        draft("Slow cooking", "Low and slow.", &[]),
        "published",
    )
    .await
    .ok();
    assert_eq!(published["summary"]["status"], "published");
    assert!(published["summary"]["published"]["iso"].is_string());
    let home = html(&app, "/").await;
    assert!(
        card_link_at(&home, &slug, "Slow cooking").is_some(),
        "{home}"
    );
    let post_page = html(&app, &format!("/post/{slug}")).await;
    assert!(post_page.contains("Low and slow."), "{post_page}");

    let unpublished = save(
        &app,
        Some(&alice.access_token),
        Some(&slug),
        draft("Slow cooking", "Low and slow.", &[]),
        "draft",
    )
    .await
    .ok();
    assert_eq!(unpublished["summary"]["status"], "draft");
    assert!(!html(&app, "/").await.contains("Slow cooking"));
    assert!(listed_titles(&app, json!({ "page": 1 })).await.is_empty());
    assert_not_found_page(&app, &format!("/post/{slug}")).await;
}

// ---- 2. permissions ----

#[tokio::test]
async fn another_author_cannot_save_over_or_delete_a_published_post() {
    let app = TestApp::new().await;
    let _admin = app.register("admin").await;
    let alice = app.register("alice").await;
    let bob = app.register("bob").await;
    let slug = slug_of(&publish(&app, &alice, "Alice's post", "Alice wrote this.", &[]).await);

    save(
        &app,
        Some(&bob.access_token),
        Some(&slug),
        draft("Bob was here", "Defaced.", &[]),
        "published",
    )
    .await
    .assert_error(StatusCode::FORBIDDEN, json!("Forbidden"));
    rpc(
        &app,
        "posts/delete",
        Some(&bob.access_token),
        json!({ "slug": slug }),
    )
    .await
    .assert_error(StatusCode::FORBIDDEN, json!("Forbidden"));

    let html = html(&app, &format!("/post/{slug}")).await;
    assert!(html.contains("Alice wrote this."), "{html}");
    assert!(!html.contains("Bob was here"), "{html}");
    assert!(!html.contains("Defaced."), "{html}");
}

#[tokio::test]
async fn another_authors_draft_cannot_be_saved_over_or_deleted_and_stays_hidden() {
    let app = TestApp::new().await;
    let _admin = app.register("admin").await;
    let alice = app.register("alice").await;
    let bob = app.register("bob").await;
    let slug = slug_of(&write_draft(&app, &alice, "Alice's draft", "Unfinished.", &[]).await);

    save(
        &app,
        Some(&bob.access_token),
        Some(&slug),
        draft("Bob was here", "Defaced.", &[]),
        "published",
    )
    .await
    .assert_error(StatusCode::NOT_FOUND, json!("NotFound"));
    rpc(
        &app,
        "posts/delete",
        Some(&bob.access_token),
        json!({ "slug": slug }),
    )
    .await
    .assert_error(StatusCode::NOT_FOUND, json!("NotFound"));

    let post = get_post(&app, Some(&alice.access_token), &slug).await.ok();
    assert_eq!(post["summary"]["title"], "Alice's draft");
    assert_eq!(post["summary"]["status"], "draft");
    assert_eq!(post["body"], "Unfinished.");
}

#[tokio::test]
async fn an_admin_can_edit_and_delete_anyones_post() {
    let app = TestApp::new().await;
    let admin = app.register("admin").await;
    let alice = app.register("alice").await;
    let slug = slug_of(&publish(&app, &alice, "Alice's post", "Typo here.", &["rust"]).await);

    let edited = save(
        &app,
        Some(&admin.access_token),
        Some(&slug),
        draft("Alice's post", "Typo fixed by the admin.", &["rust"]),
        "published",
    )
    .await
    .ok();
    assert_eq!(
        edited["summary"]["author"]["username"], "alice",
        "still Alice's"
    );
    let page = html(&app, &format!("/post/{slug}")).await;
    assert!(page.contains("Typo fixed by the admin."), "{page}");

    // Drafts too.
    let draft_slug = slug_of(&write_draft(&app, &alice, "Alice's draft", "x", &[]).await);
    rpc(
        &app,
        "posts/delete",
        Some(&admin.access_token),
        json!({ "slug": draft_slug }),
    )
    .await
    .ok();
    rpc(
        &app,
        "posts/delete",
        Some(&admin.access_token),
        json!({ "slug": slug }),
    )
    .await
    .ok();
    assert_not_found_page(&app, &format!("/post/{slug}")).await;
    assert!(!html(&app, "/").await.contains("Alice's post"));
    let drafts = rpc(
        &app,
        "posts/drafts",
        Some(&alice.access_token),
        json!({ "page": 1 }),
    )
    .await
    .ok();
    assert!(titles(&drafts["posts"]).is_empty(), "{drafts}");
}

#[tokio::test]
async fn an_author_can_delete_their_own_post() {
    let app = TestApp::new().await;
    let alice = app.register("alice").await;
    let slug = slug_of(&publish(&app, &alice, "Short-lived", "Gone soon.", &[]).await);
    let deleted = rpc(
        &app,
        "posts/delete",
        Some(&alice.access_token),
        json!({ "slug": slug }),
    )
    .await
    .ok();
    assert_eq!(deleted, Value::Null);
    assert_not_found_page(&app, &format!("/post/{slug}")).await;
    assert!(!html(&app, "/").await.contains("Short-lived"));
}

#[tokio::test]
async fn signed_out_visitors_cannot_save_or_delete() {
    let app = TestApp::new().await;
    let alice = app.register("alice").await;
    let slug = slug_of(&publish(&app, &alice, "Alice's post", "Kept.", &[]).await);

    save(&app, None, None, draft("Anonymous", "x", &[]), "published")
        .await
        .assert_error(StatusCode::UNAUTHORIZED, json!("SignInRequired"));
    save(
        &app,
        None,
        Some(&slug),
        draft("Anonymous", "x", &[]),
        "published",
    )
    .await
    .assert_error(StatusCode::UNAUTHORIZED, json!("SignInRequired"));
    rpc(&app, "posts/delete", None, json!({ "slug": slug }))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, json!("SignInRequired"));
    // A token that is not genuine is no better.
    save(
        &app,
        Some("not-a-token"),
        None,
        draft("Anonymous", "x", &[]),
        "published",
    )
    .await
    .assert_error(StatusCode::UNAUTHORIZED, json!("SignInRequired"));

    assert_eq!(
        listed_titles(&app, json!({ "page": 1 })).await,
        ["Alice's post"]
    );
    assert!(html(&app, &format!("/post/{slug}")).await.contains("Kept."));
}

#[tokio::test]
async fn the_editor_loads_a_post_only_for_its_author_or_an_admin() {
    let app = TestApp::new().await;
    let admin = app.register("admin").await;
    let alice = app.register("alice").await;
    let bob = app.register("bob").await;
    let slug = slug_of(&publish(&app, &alice, "Alice's post", "The *Markdown*.", &[]).await);
    let draft_slug = slug_of(&write_draft(&app, &alice, "Alice's draft", "Later.", &[]).await);

    let edit = |token: Option<String>, slug: String| {
        let app = &app;
        async move { rpc(app, "posts/edit", token.as_deref(), json!({ "slug": slug })).await }
    };
    for who in [&alice, &admin] {
        let post = edit(Some(who.access_token.clone()), slug.clone())
            .await
            .ok();
        assert_eq!(post["body"], "The *Markdown*.", "the Markdown to edit");
        let post = edit(Some(who.access_token.clone()), draft_slug.clone())
            .await
            .ok();
        assert_eq!(post["body"], "Later.");
    }
    edit(Some(bob.access_token.clone()), slug.clone())
        .await
        .assert_error(StatusCode::FORBIDDEN, json!("Forbidden"));
    edit(Some(bob.access_token.clone()), draft_slug.clone())
        .await
        .assert_error(StatusCode::NOT_FOUND, json!("NotFound"));
    edit(None, slug)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, json!("SignInRequired"));
}

// ---- 3. slugs ----

#[tokio::test]
async fn a_slug_is_readable_from_the_title() {
    let app = TestApp::new().await;
    let alice = app.register("alice").await;
    let post = publish(&app, &alice, "Hello, World!", "Hi there.", &[]).await;
    assert_eq!(slug_of(&post), "hello-world");
    let html = html(&app, "/post/hello-world").await;
    assert!(html.contains("<h1>Hello, World!</h1>"), "{html}");
    assert!(html.contains("Hi there."), "{html}");
}

#[tokio::test]
async fn a_chinese_title_gives_an_ascii_slug_that_serves_the_post() {
    let app = TestApp::new().await;
    let alice = app.register("alice").await;
    let post = publish(&app, &alice, "你好世界", "第一篇文章。", &[]).await;
    let slug = slug_of(&post);
    assert!(!slug.is_empty());
    assert!(
        slug.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
        "{slug}"
    );
    assert_ne!(slug, "post", "readable, not a placeholder");
    let html = html(&app, &format!("/post/{slug}")).await;
    assert!(html.contains("<h1>你好世界</h1>"), "{html}");
    assert!(html.contains("第一篇文章。"), "{html}");
}

#[tokio::test]
async fn a_clashing_slug_gets_a_suffix_and_both_posts_are_served() {
    let app = TestApp::new().await;
    let alice = app.register("alice").await;
    let bob = app.register("bob").await;
    let first = publish(&app, &alice, "Hello, World!", "The first one.", &[]).await;
    let second = publish(&app, &bob, "Hello World", "The second one.", &[]).await;
    let third = write_draft(
        &app,
        &alice,
        "hello world",
        "A draft takes a slug too.",
        &[],
    )
    .await;
    assert_eq!(slug_of(&first), "hello-world");
    assert_eq!(slug_of(&second), "hello-world-2");
    assert_eq!(slug_of(&third), "hello-world-3");
    let html1 = html(&app, "/post/hello-world").await;
    assert!(html1.contains("The first one."), "{html1}");
    let html2 = html(&app, "/post/hello-world-2").await;
    assert!(html2.contains("The second one."), "{html2}");
}

#[tokio::test]
async fn a_published_post_keeps_its_slug_when_its_title_changes() {
    let app = TestApp::new().await;
    let alice = app.register("alice").await;
    let slug = slug_of(&publish(&app, &alice, "First title", "Body.", &[]).await);
    assert_eq!(slug, "first-title");
    let renamed = save(
        &app,
        Some(&alice.access_token),
        Some(&slug),
        draft("Second title", "Body.", &[]),
        "published",
    )
    .await
    .ok();
    assert_eq!(slug_of(&renamed), "first-title");
    assert_eq!(renamed["summary"]["title"], "Second title");
    let html = html(&app, "/post/first-title").await;
    assert!(html.contains("<h1>Second title</h1>"), "{html}");
    assert_not_found_page(&app, "/post/second-title").await;

    // Taken back to a draft and renamed again: links already shared keep working.
    let unpublished = save(
        &app,
        Some(&alice.access_token),
        Some(&slug),
        draft("Third title", "Body.", &[]),
        "draft",
    )
    .await
    .ok();
    assert_eq!(slug_of(&unpublished), "first-title");
}

#[tokio::test]
async fn a_never_published_drafts_slug_follows_its_title() {
    let app = TestApp::new().await;
    let alice = app.register("alice").await;
    let slug = slug_of(&write_draft(&app, &alice, "Working title", "Body.", &[]).await);
    assert_eq!(slug, "working-title");
    let renamed = save(
        &app,
        Some(&alice.access_token),
        Some(&slug),
        draft("Final title", "Body.", &[]),
        "draft",
    )
    .await
    .ok();
    assert_eq!(slug_of(&renamed), "final-title");
    get_post(&app, Some(&alice.access_token), "final-title")
        .await
        .ok();
    get_post(&app, Some(&alice.access_token), "working-title")
        .await
        .assert_error(StatusCode::NOT_FOUND, json!("NotFound"));

    let published = save(
        &app,
        Some(&alice.access_token),
        Some("final-title"),
        draft("Final title", "Body.", &[]),
        "published",
    )
    .await
    .ok();
    assert_eq!(slug_of(&published), "final-title");
    let html = html(&app, "/post/final-title").await;
    assert!(html.contains("<h1>Final title</h1>"), "{html}");
}

// ---- 4. validation ----

#[tokio::test]
async fn a_blank_title_is_refused() {
    let app = TestApp::new().await;
    let alice = app.register("alice").await;
    for status in ["draft", "published"] {
        let reply = save(
            &app,
            Some(&alice.access_token),
            None,
            draft("   ", "Some body.", &[]),
            status,
        )
        .await;
        reply.assert_invalid("title");
        assert_eq!(reply.body["Invalid"]["message"], "can't be blank");
    }
    // Nothing was stored.
    let drafts = rpc(
        &app,
        "posts/drafts",
        Some(&alice.access_token),
        json!({ "page": 1 }),
    )
    .await
    .ok();
    assert_eq!(drafts["total"], 0, "{drafts}");
    assert!(listed_titles(&app, json!({ "page": 1 })).await.is_empty());
}

#[tokio::test]
async fn publishing_an_empty_body_is_refused_but_an_empty_draft_is_kept() {
    let app = TestApp::new().await;
    let alice = app.register("alice").await;
    let reply = save(
        &app,
        Some(&alice.access_token),
        None,
        draft("Empty", " \n ", &[]),
        "published",
    )
    .await;
    reply.assert_invalid("body");
    assert!(listed_titles(&app, json!({ "page": 1 })).await.is_empty());

    // A draft may be unfinished; publishing it is still refused.
    let slug = slug_of(&write_draft(&app, &alice, "Empty", "", &[]).await);
    save(
        &app,
        Some(&alice.access_token),
        Some(&slug),
        draft("Empty", "", &[]),
        "published",
    )
    .await
    .assert_invalid("body");
    let post = get_post(&app, Some(&alice.access_token), &slug).await.ok();
    assert_eq!(post["summary"]["status"], "draft");
}

#[tokio::test]
async fn too_many_tags_or_a_too_long_tag_is_refused() {
    let app = TestApp::new().await;
    let alice = app.register("alice").await;
    let eleven: Vec<String> = (1..=11).map(|n| format!("tag{n}")).collect();
    let eleven: Vec<&str> = eleven.iter().map(String::as_str).collect();
    save(
        &app,
        Some(&alice.access_token),
        None,
        draft("Tagged", "Body.", &eleven),
        "published",
    )
    .await
    .assert_invalid("tags");
    let long = "x".repeat(41);
    save(
        &app,
        Some(&alice.access_token),
        None,
        draft("Tagged", "Body.", &["rust", &long]),
        "published",
    )
    .await
    .assert_invalid("tags");
    assert!(listed_titles(&app, json!({ "page": 1 })).await.is_empty());

    // The limits themselves are fine: ten tags of forty characters.
    let ten: Vec<String> = (0..10).map(|n| format!("{n}{}", "y".repeat(39))).collect();
    let ten: Vec<&str> = ten.iter().map(String::as_str).collect();
    let post = publish(&app, &alice, "Tagged", "Body.", &ten).await;
    assert_eq!(post["summary"]["tags"].as_array().unwrap().len(), 10);
}

#[tokio::test]
async fn a_failed_save_keeps_the_previous_version() {
    let app = TestApp::new().await;
    let alice = app.register("alice").await;
    let slug = slug_of(&publish(&app, &alice, "Original title", "Original body.", &["rust"]).await);
    let eleven: Vec<String> = (1..=11).map(|n| format!("tag{n}")).collect();
    let eleven: Vec<&str> = eleven.iter().map(String::as_str).collect();
    let failures = [
        (draft("", "New body.", &["rust"]), "title"),
        (draft("New title", "", &["rust"]), "body"),
        (draft("New title", "New body.", &eleven), "tags"),
    ];
    for (attempt, field) in failures {
        save(
            &app,
            Some(&alice.access_token),
            Some(&slug),
            attempt,
            "published",
        )
        .await
        .assert_invalid(field);
    }
    let post = get_post(&app, None, &slug).await.ok();
    assert_eq!(post["summary"]["title"], "Original title");
    assert_eq!(post["body"], "Original body.");
    assert_eq!(post["summary"]["tags"], json!(["rust"]));
    let html = html(&app, &format!("/post/{slug}")).await;
    assert!(html.contains("<h1>Original title</h1>"), "{html}");
    assert!(html.contains("Original body."), "{html}");
    assert!(!html.contains("New body."), "{html}");
}

// ---- 5. sanitization ----

/// Markdown bodies that try to make a reader's browser run something, each with text that
/// must still be shown (raw HTML appears as the author typed it, escaped).
const XSS_PAYLOADS: &[(&str, &str)] = &[
    (
        "<script>alert(1)</script>",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
    ),
    (
        "<img src=x onerror=alert(1)>",
        "&lt;img src=x onerror=alert(1)&gt;",
    ),
    ("[x](javascript:alert(1))", ">x</a>"),
    ("[x](JAVASCRIPT:alert(1))", ">x</a>"),
    ("[x](&#106;avascript:alert(1))", ">x</a>"),
    ("[x](java\tscript:alert(1))", "x"),
    ("![x](javascript:alert(1))", "alt=\"x\""),
    (
        "<a href=\"javascript:alert(1)\">x</a>",
        "&lt;a href=\"javascript:alert(1)\"&gt;x&lt;/a&gt;",
    ),
    ("<svg onload=alert(1)>", "&lt;svg onload=alert(1)&gt;"),
    (
        "<iframe src=\"https://evil.example\">",
        "&lt;iframe src=\"https://evil.example\"&gt;",
    ),
    ("<style>body{}</style>", "&lt;style&gt;body{}&lt;/style&gt;"),
    (
        "<div style=\"background:url(javascript:alert(1))\">",
        "&lt;div style=",
    ),
    (
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        ">x</a>",
    ),
    (
        "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
        "&lt;math&gt;&lt;mi xlink:href=",
    ),
    (
        "<details open ontoggle=alert(1)>",
        "&lt;details open ontoggle=alert(1)&gt;",
    ),
    ("<object data=\"javascript:alert(1)\">", "&lt;object data="),
    (
        "# <img src=x onerror=alert(1)>",
        "&lt;img src=x onerror=alert(1)&gt;",
    ),
    (
        "```\"><script>alert(1)</script>\nlet shown = 1;\n```",
        "let shown = 1;",
    ),
    ("<javascript:alert(1)>", ">javascript:alert(1)</a>"),
    (
        "<form action=\"javascript:alert(1)\"><button>x</button></form>",
        "&lt;form action=",
    ),
    (
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
        "&lt;meta http-equiv=",
    ),
    (
        "Hi <b onmouseover=alert(1)>bold</b> and <IMG SRC=\"jav&#x09;ascript:alert(1)\">",
        "&lt;b onmouseover=alert(1)&gt;bold&lt;/b&gt;",
    ),
    (
        "[x](vbscript:msgbox(1)) <a href='javascript:alert(1)'>y</a>",
        "&lt;a href='javascript:alert(1)'&gt;y&lt;/a&gt;",
    ),
    (
        "[a](https://example.com \"\\\" onmouseover=\\\"alert(1)\")",
        ">a</a>",
    ),
];

#[tokio::test]
async fn xss_payloads_in_markdown_are_shown_as_text_and_never_run() {
    let app = TestApp::new().await;
    let alice = app.register("alice").await;
    for (index, (payload, shown)) in XSS_PAYLOADS.iter().enumerate() {
        let title = format!("Payload {index}");
        let post = publish(&app, &alice, &title, payload, &[]).await;
        let context = format!("payload {payload:?}");
        let body_html = post["body_html"].as_str().unwrap();
        assert_harmless(body_html, &format!("{context}, stored HTML"));
        assert!(
            body_html.contains(shown),
            "{context}: the stored HTML shows {shown:?}: {body_html}"
        );
        assert_eq!(post["body"], *payload, "the Markdown is kept as written");

        let page = html(&app, &format!("/post/{}", slug_of(&post))).await;
        let article = article(&page);
        assert_harmless(article, &format!("{context}, post page"));
        assert!(
            article.contains(shown),
            "{context}: the page shows {shown:?}: {article}"
        );
        // Nowhere on the page, not even in the data handed to the browser for hydration,
        // can the payload close a script and open its own.
        assert!(
            !page.to_ascii_lowercase().contains("<script>alert(1)"),
            "{context}: the page runs the payload: {page}"
        );
    }
}

#[tokio::test]
async fn a_title_and_description_cannot_inject_markup_into_the_page() {
    let app = TestApp::new().await;
    let alice = app.register("alice").await;
    let title = "</title><script>alert(1)</script>";
    let post = save(
        &app,
        Some(&alice.access_token),
        None,
        json!({
            "title": title,
            "description": "\"><script>alert(2)</script>",
            "body": "Body.",
            "tags": ["<script>alert(3)<\\script>"],
        }),
        "published",
    )
    .await
    .ok();
    let slug = slug_of(&post);
    for uri in [format!("/post/{slug}"), "/".to_owned()] {
        let page = html(&app, &uri).await;
        let lower = page.to_ascii_lowercase();
        for n in 1..=3 {
            assert!(
                !lower.contains(&format!("<script>alert({n})")),
                "{uri}: script {n} injected: {page}"
            );
        }
    }
    let page = html(&app, &format!("/post/{slug}")).await;
    assert!(
        page.contains(
            "<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; · Test Blog</title>"
        ),
        "{page}"
    );
}

#[tokio::test]
async fn ordinary_markdown_keeps_its_formatting() {
    let app = TestApp::new().await;
    let alice = app.register("alice").await;
    let markdown = "\
## Getting started

Some *emphasis*, some **strength**, ~~a mistake~~ and `inline code`.

A [link](https://example.com/docs) and an image: ![a cat](https://example.com/cat.png)

- first
- second

1. one
2. two

- [x] done

| Name | Value |
| ---- | ----- |
| a    | 1     |

> A quote.
";
    let post = publish(&app, &alice, "Formatting", markdown, &[]).await;
    let page = html(&app, &format!("/post/{}", slug_of(&post))).await;
    let body_html = post["body_html"].as_str().unwrap();
    for (where_, html) in [("stored", body_html), ("page", article(&page))] {
        for expected in [
            "<h2 id=\"h-getting-started\">Getting started<a class=\"anchor\" href=\"#h-getting-started\"",
            "<em>emphasis</em>",
            "<strong>strength</strong>",
            "<del>a mistake</del>",
            "<code>inline code</code>",
            "href=\"https://example.com/docs\"",
            ">link</a>",
            "src=\"https://example.com/cat.png\"",
            "alt=\"a cat\"",
            "<ul>",
            "<li>first</li>",
            "<ol>",
            "<li>one</li>",
            "type=\"checkbox\"",
            "<table>",
            "<th>Name</th>",
            "<td>1</td>",
            "<blockquote>",
        ] {
            assert!(html.contains(expected), "{where_}: {expected:?} in {html}");
        }
        assert_harmless(html, where_);
    }
}

// ---- 6. rendering ----

#[tokio::test]
async fn a_rust_code_block_is_syntax_highlighted() {
    let app = TestApp::new().await;
    let alice = app.register("alice").await;
    let markdown = "```rust\nfn main() {\n    let greeting = \"<hello>\";\n}\n```\n";
    let post = publish(&app, &alice, "Highlighted", markdown, &["rust"]).await;
    let page = html(&app, &format!("/post/{}", slug_of(&post))).await;
    for (where_, html) in [
        ("stored", post["body_html"].as_str().unwrap()),
        ("page", article(&page)),
    ] {
        assert!(
            html.contains("<pre class=\"highlight\"><code class=\"language-rust\">"),
            "{where_}: {html}"
        );
        let highlighted = tags_of(html)
            .iter()
            .filter(|tag| tag.name == "span")
            .filter(|tag| {
                tag.attributes
                    .iter()
                    .any(|(name, value)| name == "class" && value.contains("hl-"))
            })
            .count();
        assert!(
            highlighted >= 3,
            "{where_}: tokens coloured by class: {html}"
        );
        assert!(html.contains(">fn<"), "{where_}: {html}");
        assert!(html.contains("&lt;hello&gt;"), "{where_}: escaped: {html}");
    }
}

#[tokio::test]
async fn the_preview_is_exactly_what_publishing_stores() {
    let app = TestApp::new().await;
    let alice = app.register("alice").await;
    let markdown = "\
# Title

Text with *emphasis* and a [link](https://example.com).

```rust
let x = 1;
```

| a | b |
|---|---|
| 1 | 2 |

<script>alert(1)</script>
";
    let preview = rpc(
        &app,
        "posts/preview",
        Some(&alice.access_token),
        json!({ "markdown": markdown }),
    )
    .await
    .ok();
    let post = publish(&app, &alice, "Previewed", markdown, &[]).await;
    assert_eq!(preview, post["body_html"]);
    assert!(preview.as_str().unwrap().contains("hl-"), "{preview}");
    rpc(&app, "posts/preview", None, json!({ "markdown": markdown }))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, json!("SignInRequired"));
}

#[tokio::test]
async fn the_reading_time_is_shown() {
    let app = TestApp::new().await;
    let alice = app.register("alice").await;
    let short = publish(&app, &alice, "Short read", "A few words.", &[]).await;
    // 660 words at 220 a minute.
    let long_body = "word ".repeat(660);
    let long = publish(&app, &alice, "Long read", &long_body, &[]).await;
    assert_eq!(short["summary"]["reading_minutes"], 1);
    assert_eq!(long["summary"]["reading_minutes"], 3);

    let short_page = html(&app, &format!("/post/{}", slug_of(&short))).await;
    assert!(short_page.contains("1 min read"), "{short_page}");
    let long_page = html(&app, &format!("/post/{}", slug_of(&long))).await;
    assert!(long_page.contains("3 min read"), "{long_page}");
    let home = html(&app, "/").await;
    assert!(home.contains("1 min read"), "{home}");
    assert!(home.contains("3 min read"), "{home}");
}

// ---- 7. reading pages ----

#[tokio::test]
async fn the_home_page_lists_published_posts_newest_first_with_their_details() {
    let app = TestApp::new().await;
    let alice = app.register("alice").await;
    let bob = app.register("bob").await;
    let older = publish(&app, &alice, "Older post", "First.", &["rust", "web"]).await;
    let newer = publish(&app, &bob, "Newer post", "Second.", &["cooking"]).await;

    let home = html(&app, "/").await;
    assert!(home.contains("<title>Test Blog</title>"), "{home}");
    let older_at =
        card_link_at(&home, "older-post", "Older post").expect("the older post is listed");
    let newer_at =
        card_link_at(&home, "newer-post", "Newer post").expect("the newer post is listed");
    assert!(newer_at < older_at, "newest first: {home}");

    for (post, author, tags) in [
        (&older, "alice", vec!["rust", "web"]),
        (&newer, "bob", vec!["cooking"]),
    ] {
        let summary = &post["summary"];
        assert!(
            has_element(
                &home,
                "p",
                &[("class", "post-description")],
                summary["description"].as_str()
            ),
            "{home}"
        );
        assert!(
            has_element(
                &home,
                "a",
                &[("href", &format!("/profile/{author}")), ("class", "author")],
                Some(author)
            ),
            "{author}: {home}"
        );
        let published = &summary["published"];
        assert!(
            has_element(
                &home,
                "time",
                &[("datetime", published["iso"].as_str().unwrap())],
                published["text"].as_str()
            ),
            "{home}"
        );
        for tag in tags {
            assert!(
                has_element(
                    &home,
                    "a",
                    &[("href", &format!("/tag/{tag}")), ("class", "tag")],
                    Some(&format!("#{tag}"))
                ),
                "{tag}: {home}"
            );
        }
    }
    assert_eq!(home.matches("1 min read").count(), 2, "{home}");
}

#[tokio::test]
async fn the_home_page_is_split_into_pages_of_the_configured_size() {
    let app = TestApp::with_settings(|s| s.site.posts_per_page = 2).await;
    let alice = app.register("alice").await;
    let names = ["Alpha", "Bravo", "Charlie", "Delta", "Echo"];
    for name in names {
        publish(&app, &alice, name, "Body.", &[]).await;
    }
    let shown = |html: &str| -> Vec<&str> {
        names
            .iter()
            .copied()
            .filter(|name| card_link_at(html, &name.to_lowercase(), name).is_some())
            .collect()
    };
    let older_link = |html: &str, page: u32| {
        has_element(
            html,
            "a",
            &[("href", &format!("/?page={page}")), ("rel", "next")],
            Some("Older posts →"),
        )
    };
    let newer_link = |html: &str, href: &str| {
        has_element(
            html,
            "a",
            &[("href", href), ("rel", "prev")],
            Some("← Newer posts"),
        )
    };

    let first = html(&app, "/").await;
    assert_eq!(shown(&first), ["Delta", "Echo"], "{first}");
    assert!(
        card_link_at(&first, "echo", "Echo") < card_link_at(&first, "delta", "Delta"),
        "newest first: {first}"
    );
    assert!(older_link(&first, 2), "{first}");
    assert!(!first.contains("Newer posts"), "{first}");
    assert!(first.contains("Page 1 of 3"), "{first}");

    let second = html(&app, "/?page=2").await;
    assert_eq!(shown(&second), ["Bravo", "Charlie"], "{second}");
    assert!(older_link(&second, 3), "{second}");
    assert!(newer_link(&second, "/"), "{second}");

    let last = html(&app, "/?page=3").await;
    assert_eq!(shown(&last), ["Alpha"], "{last}");
    assert!(!last.contains("Older posts"), "{last}");
    assert!(newer_link(&last, "/?page=2"), "{last}");
    assert!(last.contains("Page 3 of 3"), "{last}");

    let page = rpc(
        &app,
        "posts/list",
        None,
        json!({ "query": { "tag": null, "author": null, "page": 3 } }),
    )
    .await
    .ok();
    assert_eq!(titles(&page["posts"]), ["Alpha"]);
    assert_eq!(page["total"], 5);
    assert_eq!(page["per_page"], 2);
}

#[tokio::test]
async fn pagination_links_do_not_claim_to_be_the_current_page() {
    let app = TestApp::with_settings(|s| s.site.posts_per_page = 1).await;
    let alice = app.register("alice").await;
    for name in ["One", "Two", "Three"] {
        publish(&app, &alice, name, "Body.", &[]).await;
    }
    // A screen reader announces a link marked `aria-current="page"` as the page being read;
    // "Older posts" and "Newer posts" lead elsewhere.
    let middle = html(&app, "/?page=2").await;
    let nav_at = element_at(&middle, "nav", &[("class", "pagination")], None)
        .unwrap_or_else(|| panic!("pagination: {middle}"));
    let nav = &middle[nav_at..nav_at + middle[nav_at..].find("</nav>").unwrap()];
    let links: Vec<HtmlTag> = tags_of(nav)
        .into_iter()
        .filter(|tag| tag.name == "a" && !tag.raw.starts_with("</"))
        .collect();
    assert_eq!(links.len(), 2, "{nav}");
    for link in links {
        assert!(
            !link
                .attributes
                .iter()
                .any(|(name, value)| name == "aria-current" && value == "page"),
            "{}",
            link.raw
        );
    }
}

#[tokio::test]
async fn a_tag_in_the_address_cannot_inject_markup_into_the_tag_page() {
    let app = TestApp::new().await;
    let (status, page) = page(
        &app,
        "/tag/%3C%2Ftitle%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(
        !page.to_ascii_lowercase().contains("<script>alert(1)"),
        "{page}"
    );
    assert!(
        page.contains("No published post carries this tag."),
        "{page}"
    );
}

#[tokio::test]
async fn a_tag_page_lists_only_posts_with_that_tag_in_any_case() {
    let app = TestApp::new().await;
    let alice = app.register("alice").await;
    publish(&app, &alice, "Borrow checker", "Body.", &["Rust"]).await;
    publish(&app, &alice, "Lifetimes", "Body.", &["rust", "types"]).await;
    publish(&app, &alice, "Bread", "Body.", &["cooking"]).await;

    for uri in ["/tag/rust", "/tag/Rust", "/tag/RUST"] {
        let html = html(&app, uri).await;
        assert!(html.contains(">Borrow checker</a>"), "{uri}: {html}");
        assert!(html.contains(">Lifetimes</a>"), "{uri}: {html}");
        assert!(!html.contains("Bread"), "{uri}: {html}");
        assert!(html.contains("Posts tagged "), "{uri}: {html}");
    }
    let cooking = html(&app, "/tag/cooking").await;
    assert!(cooking.contains(">Bread</a>"), "{cooking}");
    assert!(!cooking.contains("Lifetimes"), "{cooking}");
    let none = html(&app, "/tag/nothing-here").await;
    assert!(
        none.contains("No published post carries this tag."),
        "{none}"
    );
}

#[tokio::test]
async fn a_profile_page_lists_only_that_authors_posts_and_shows_their_bio() {
    let app = TestApp::new().await;
    let alice = app.register("alice").await;
    let bob = app.register("bob").await;
    update_account(
        &app,
        &alice,
        &[
            ("email", "alice@example.com"),
            ("bio", "I write about Rust."),
            ("image", ""),
        ],
    )
    .await
    .ok();
    publish(&app, &alice, "Alice on traits", "Body.", &[]).await;
    publish(&app, &bob, "Bob on bread", "Body.", &[]).await;

    let profile = html(&app, "/profile/alice").await;
    assert!(profile.contains("<h1>alice</h1>"), "{profile}");
    assert!(
        has_element(
            &profile,
            "p",
            &[("class", "bio")],
            Some("I write about Rust.")
        ),
        "{profile}"
    );
    assert!(profile.contains(">Alice on traits</a>"), "{profile}");
    assert!(!profile.contains("Bob on bread"), "{profile}");
    assert!(
        profile.contains("<title>alice · Test Blog</title>"),
        "{profile}"
    );

    let bob_page = html(&app, "/profile/bob").await;
    assert!(bob_page.contains(">Bob on bread</a>"), "{bob_page}");
    assert!(!bob_page.contains("Alice on traits"), "{bob_page}");
}

#[tokio::test]
async fn an_unknown_profile_gets_the_not_found_page() {
    let app = TestApp::new().await;
    app.register("alice").await;
    assert_not_found_page(&app, "/profile/nobody").await;
    rpc(&app, "profiles/get", None, json!({ "username": "nobody" }))
        .await
        .assert_error(StatusCode::NOT_FOUND, json!("NotFound"));
}

#[tokio::test]
async fn the_home_page_shows_the_tags_in_use() {
    let app = TestApp::new().await;
    let alice = app.register("alice").await;
    publish(&app, &alice, "One", "Body.", &["rust", "web"]).await;
    publish(&app, &alice, "Two", "Body.", &["rust"]).await;
    write_draft(&app, &alice, "Three", "Body.", &["secret-tag"]).await;

    let home = html(&app, "/").await;
    let cloud_at = element_at(&home, "nav", &[("class", "tag-cloud")], None)
        .unwrap_or_else(|| panic!("a tag list: {home}"));
    let cloud = &home[cloud_at..cloud_at + home[cloud_at..].find("</nav>").unwrap()];
    assert!(cloud.contains("href=\"/tag/rust\""), "{cloud}");
    assert!(cloud.contains(">#rust</a>"), "{cloud}");
    assert!(cloud.contains(">#web</a>"), "{cloud}");
    assert!(
        cloud.find("#rust") < cloud.find("#web"),
        "most used first: {cloud}"
    );
    assert!(!cloud.contains("secret-tag"), "a draft's tag: {cloud}");

    let tags = rpc(&app, "tags", None, json!({})).await.ok();
    assert_eq!(
        tags,
        json!([{ "name": "rust", "posts": 2 }, { "name": "web", "posts": 1 }])
    );
}

#[tokio::test]
async fn a_post_page_has_its_meta_tags_byline_tags_and_comments() {
    let app = TestApp::new().await;
    let alice = app.register("alice").await;
    let bob = app.register("bob").await;
    let post = save(
        &app,
        Some(&alice.access_token),
        None,
        json!({
            "title": "Post title",
            "description": "What this post is about.",
            "body": "The *body*.",
            "tags": ["rust", "web dev"],
        }),
        "published",
    )
    .await
    .ok();
    let slug = slug_of(&post);
    rpc(
        &app,
        "comments/add",
        Some(&bob.access_token),
        json!({ "slug": slug, "body": "Great read!" }),
    )
    .await
    .ok();

    let page = html(&app, &format!("/post/{slug}")).await;
    assert!(
        page.contains("<title>Post title · Test Blog</title>"),
        "{page}"
    );
    let published = &post["summary"]["published"];
    let expected: &[Expected] = &[
        (
            "meta",
            &[
                ("name", "description"),
                ("content", "What this post is about."),
            ],
            None,
        ),
        (
            "meta",
            &[("property", "og:title"), ("content", "Post title")],
            None,
        ),
        (
            "meta",
            &[("property", "og:type"), ("content", "article")],
            None,
        ),
        (
            "meta",
            &[
                ("property", "og:description"),
                ("content", "What this post is about."),
            ],
            None,
        ),
        ("h1", &[], Some("Post title")),
        ("em", &[], Some("body")),
        (
            "a",
            &[("href", "/profile/alice"), ("class", "author")],
            Some("alice"),
        ),
        (
            "time",
            &[("datetime", published["iso"].as_str().unwrap())],
            published["text"].as_str(),
        ),
        (
            "a",
            &[("href", "/tag/rust"), ("class", "tag")],
            Some("#rust"),
        ),
        (
            "a",
            &[("href", "/tag/web%20dev"), ("class", "tag")],
            Some("#web dev"),
        ),
        ("span", &[("class", "reading-time")], Some("1 min read")),
    ];
    for (name, attributes, text) in expected {
        assert!(
            has_element(&page, name, attributes, *text),
            "<{name}> {attributes:?} {text:?} in {page}"
        );
    }
    let comments = comment_list(&page);
    assert!(
        has_element(
            comments,
            "p",
            &[("class", "comment-body")],
            Some("Great read!")
        ),
        "{page}"
    );
    assert!(
        has_element(comments, "a", &[("href", "/profile/bob")], Some("bob")),
        "{comments}"
    );
}

#[tokio::test]
async fn an_unknown_post_gets_the_not_found_page() {
    let app = TestApp::new().await;
    assert_not_found_page(&app, "/post/no-such-post").await;
}

// ---- 8. comments ----

/// A published post by alice, with bob and carol signed up, and admin the first user.
struct Conversation {
    app: TestApp,
    admin: SignedIn,
    alice: SignedIn,
    bob: SignedIn,
    carol: SignedIn,
    slug: String,
}

impl Conversation {
    async fn new() -> Self {
        let app = TestApp::new().await;
        let admin = app.register("admin").await;
        let alice = app.register("alice").await;
        let bob = app.register("bob").await;
        let carol = app.register("carol").await;
        let slug = slug_of(&publish(&app, &alice, "Discuss", "Talk to me.", &[]).await);
        Self {
            app,
            admin,
            alice,
            bob,
            carol,
            slug,
        }
    }

    async fn comment(&self, who: &SignedIn, body: &str) -> Reply {
        rpc(
            &self.app,
            "comments/add",
            Some(&who.access_token),
            json!({ "slug": self.slug, "body": body }),
        )
        .await
    }

    async fn delete(&self, who: &SignedIn, id: &Value) -> Reply {
        rpc(
            &self.app,
            "comments/delete",
            Some(&who.access_token),
            json!({ "slug": self.slug, "id": id }),
        )
        .await
    }

    async fn page(&self) -> String {
        html(&self.app, &format!("/post/{}", self.slug)).await
    }
}

#[tokio::test]
async fn a_signed_in_reader_comments_and_the_comment_shows_on_the_post_page() {
    let talk = Conversation::new().await;
    let comment = talk.comment(&talk.bob, "  Nice post!  ").await.ok();
    assert_eq!(comment["body"], "Nice post!");
    assert_eq!(comment["author"]["username"], "bob");
    let second = talk.comment(&talk.carol, "Agreed.").await.ok();
    assert_ne!(comment["id"], second["id"]);

    let page = talk.page().await;
    let comments = comment_list(&page);
    let first_at = element_at(
        comments,
        "p",
        &[("class", "comment-body")],
        Some("Nice post!"),
    )
    .unwrap_or_else(|| panic!("the comment: {page}"));
    let second_at = element_at(comments, "p", &[("class", "comment-body")], Some("Agreed."))
        .unwrap_or_else(|| panic!("the second comment: {page}"));
    assert!(first_at < second_at, "oldest first: {comments}");
    let listed = rpc(
        &talk.app,
        "comments/list",
        None,
        json!({ "slug": talk.slug }),
    )
    .await
    .ok();
    assert_eq!(listed.as_array().unwrap().len(), 2, "{listed}");
}

#[tokio::test]
async fn anonymous_visitors_cannot_comment() {
    let talk = Conversation::new().await;
    rpc(
        &talk.app,
        "comments/add",
        None,
        json!({ "slug": talk.slug, "body": "Drive-by." }),
    )
    .await
    .assert_error(StatusCode::UNAUTHORIZED, json!("SignInRequired"));
    let page = talk.page().await;
    assert!(!page.contains("Drive-by."), "{page}");
    assert!(page.contains("No comments yet."), "{page}");
}

#[tokio::test]
async fn a_comment_with_html_is_shown_as_text() {
    let talk = Conversation::new().await;
    talk.comment(&talk.bob, "<b>hi</b>").await.ok();
    talk.comment(&talk.bob, "</script><script>alert(1)</script>")
        .await
        .ok();
    talk.comment(&talk.bob, "<img src=x onerror=alert(1)>")
        .await
        .ok();
    let page = talk.page().await;
    let comments = comment_list(&page);
    assert!(
        has_element(
            comments,
            "p",
            &[("class", "comment-body")],
            Some("&lt;b&gt;hi&lt;/b&gt;")
        ),
        "{comments}"
    );
    assert!(!comments.contains("<b>"), "{comments}");
    assert!(
        comments.contains("&lt;img src=x onerror=alert(1)&gt;"),
        "{comments}"
    );
    assert_harmless(comments, "comments");
    assert!(
        !page.to_ascii_lowercase().contains("<script>alert(1)"),
        "{page}"
    );
}

#[tokio::test]
async fn a_blank_comment_is_refused() {
    let talk = Conversation::new().await;
    talk.comment(&talk.bob, "   \n ")
        .await
        .assert_invalid("body");
    let page = talk.page().await;
    assert!(page.contains("No comments yet."), "{page}");
}

#[tokio::test]
async fn a_draft_cannot_be_commented_on() {
    let talk = Conversation::new().await;
    let slug = slug_of(&write_draft(&talk.app, &talk.alice, "Not yet", "Soon.", &[]).await);
    // Another author cannot even see it.
    rpc(
        &talk.app,
        "comments/add",
        Some(&talk.bob.access_token),
        json!({ "slug": slug, "body": "First!" }),
    )
    .await
    .assert_error(StatusCode::NOT_FOUND, json!("NotFound"));
    rpc(
        &talk.app,
        "comments/add",
        Some(&talk.alice.access_token),
        json!({ "slug": slug, "body": "Note to self." }),
    )
    .await
    .assert_invalid("body");
}

#[tokio::test]
async fn a_commenter_can_delete_their_own_comment() {
    let talk = Conversation::new().await;
    let comment = talk.comment(&talk.bob, "Regrettable.").await.ok();
    assert_eq!(
        talk.delete(&talk.bob, &comment["id"]).await.ok(),
        Value::Null
    );
    let page = talk.page().await;
    assert!(!page.contains("Regrettable."), "{page}");
}

#[tokio::test]
async fn the_posts_author_can_delete_someone_elses_comment() {
    let talk = Conversation::new().await;
    let comment = talk.comment(&talk.bob, "Spam spam spam.").await.ok();
    talk.delete(&talk.alice, &comment["id"]).await.ok();
    let page = talk.page().await;
    assert!(!page.contains("Spam spam spam."), "{page}");
}

#[tokio::test]
async fn an_admin_can_delete_any_comment() {
    let talk = Conversation::new().await;
    let comment = talk.comment(&talk.bob, "Rude remark.").await.ok();
    talk.delete(&talk.admin, &comment["id"]).await.ok();
    let page = talk.page().await;
    assert!(!page.contains("Rude remark."), "{page}");
}

#[tokio::test]
async fn a_third_user_cannot_delete_a_comment() {
    let talk = Conversation::new().await;
    let comment = talk.comment(&talk.bob, "Mine to keep.").await.ok();
    talk.delete(&talk.carol, &comment["id"])
        .await
        .assert_error(StatusCode::FORBIDDEN, json!("Forbidden"));
    rpc(
        &talk.app,
        "comments/delete",
        None,
        json!({ "slug": talk.slug, "id": comment["id"] }),
    )
    .await
    .assert_error(StatusCode::UNAUTHORIZED, json!("SignInRequired"));
    let page = talk.page().await;
    assert!(
        comment_list(&page).contains("Mine to keep."),
        "still there: {page}"
    );
}

#[tokio::test]
async fn a_comment_cannot_be_deleted_through_another_posts_address() {
    let talk = Conversation::new().await;
    let comment = talk.comment(&talk.bob, "On the first post.").await.ok();
    // Carol's own post: she may delete comments on it, but this one is not on it.
    let other = slug_of(&publish(&talk.app, &talk.carol, "Other post", "Elsewhere.", &[]).await);
    rpc(
        &talk.app,
        "comments/delete",
        Some(&talk.carol.access_token),
        json!({ "slug": other, "id": comment["id"] }),
    )
    .await
    .assert_error(StatusCode::NOT_FOUND, json!("NotFound"));
    let page = talk.page().await;
    assert!(comment_list(&page).contains("On the first post."), "{page}");
    talk.delete(&talk.bob, &json!(999_999))
        .await
        .assert_error(StatusCode::NOT_FOUND, json!("NotFound"));
}

// ---- 9. account settings ----

async fn update_account(app: &TestApp, who: &SignedIn, fields: &[(&str, &str)]) -> Reply {
    let mut fields = fields.to_vec();
    fields.push(("current_password", ""));
    reply(
        app.call(
            "/rpc/account/update",
            &fields,
            Some(&who.access_token),
            None,
        )
        .await,
    )
    .await
}

#[tokio::test]
async fn a_bio_and_picture_are_saved_and_shown_on_the_profile_page() {
    let app = TestApp::new().await;
    let alice = app.register("alice").await;
    let user = update_account(
        &app,
        &alice,
        &[
            ("email", "alice@example.com"),
            ("bio", "Rustacean & baker."),
            ("image", "https://example.com/alice.png"),
        ],
    )
    .await
    .ok();
    assert_eq!(user["bio"], "Rustacean & baker.");
    assert_eq!(user["image"], "https://example.com/alice.png");

    let profile = html(&app, "/profile/alice").await;
    assert!(
        has_element(
            &profile,
            "p",
            &[("class", "bio")],
            Some("Rustacean &amp; baker.")
        ),
        "{profile}"
    );
    assert!(
        has_element(
            &profile,
            "img",
            &[
                ("class", "avatar"),
                ("src", "https://example.com/alice.png")
            ],
            None
        ),
        "{profile}"
    );
    assert!(
        has_element(
            &profile,
            "meta",
            &[
                ("name", "description"),
                ("content", "Rustacean &amp; baker.")
            ],
            None
        ),
        "{profile}"
    );

    // Emptied, they are gone.
    update_account(
        &app,
        &alice,
        &[("email", "alice@example.com"), ("bio", ""), ("image", "")],
    )
    .await
    .ok();
    let profile = html(&app, "/profile/alice").await;
    assert!(!profile.contains("Rustacean"), "{profile}");
    assert!(
        !has_element(&profile, "img", &[("class", "avatar")], None),
        "{profile}"
    );
}

#[tokio::test]
async fn a_picture_address_that_is_not_a_web_address_is_refused() {
    let app = TestApp::new().await;
    let alice = app.register("alice").await;
    update_account(
        &app,
        &alice,
        &[
            ("email", "alice@example.com"),
            ("bio", ""),
            ("image", "https://example.com/ok.png"),
        ],
    )
    .await
    .ok();
    for image in [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "data:image/svg+xml,<svg onload=alert(1)>",
        "https://example.com/x.png\" onerror=\"alert(1)",
        "//example.com/x.png",
    ] {
        update_account(
            &app,
            &alice,
            &[
                ("email", "alice@example.com"),
                ("bio", "Changed?"),
                ("image", image),
            ],
        )
        .await
        .assert_invalid("image");
    }
    let profile = html(&app, "/profile/alice").await;
    assert!(
        profile.contains("src=\"https://example.com/ok.png\""),
        "the earlier picture stays: {profile}"
    );
    assert!(!profile.contains("Changed?"), "nothing saved: {profile}");
}

#[tokio::test]
async fn an_email_address_someone_else_has_is_a_conflict() {
    let app = TestApp::new().await;
    let _alice = app.register("alice").await;
    let bob = app.register("bob").await;
    let reply = update_account(
        &app,
        &bob,
        &[("email", "Alice@Example.com"), ("bio", "Hi"), ("image", "")],
    )
    .await;
    reply.assert_error(
        StatusCode::CONFLICT,
        json!({ "Taken": { "field": "email" } }),
    );
    // Bob still signs in with his own address.
    assert_eq!(
        app.login("bob@example.com", PASSWORD).await.status(),
        StatusCode::OK
    );
    assert!(!html(&app, "/profile/bob").await.contains(">Hi</p>"));
}

#[tokio::test]
async fn updating_the_account_needs_a_sign_in() {
    let app = TestApp::new().await;
    app.register("alice").await;
    let response = app
        .call(
            "/rpc/account/update",
            &[
                ("email", "alice@example.com"),
                ("bio", "x"),
                ("image", ""),
                ("current_password", ""),
            ],
            None,
            None,
        )
        .await;
    reply(response)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, json!("SignInRequired"));
}

// ---- 10. closed registration ----

#[tokio::test]
async fn with_registration_closed_sign_up_is_refused_but_existing_users_sign_in() {
    let app = TestApp::with_settings(|s| s.site.registration = Registration::Closed).await;
    // Accounts are made by the admin from the command line, which this is the door of.
    app.state
        .accounts
        .create(
            NewAccount {
                username: "alice".into(),
                email: "alice@example.com".into(),
                password: PASSWORD.into(),
            },
            None,
        )
        .await
        .expect("an account made by the admin");

    let response = app
        .send(form(
            "/rpc/auth/register",
            &[
                ("username", "mallory"),
                ("email", "mallory@example.com"),
                ("password", PASSWORD),
            ],
        ))
        .await;
    reply(response)
        .await
        .assert_error(StatusCode::FORBIDDEN, json!("RegistrationClosed"));
    assert_eq!(
        app.login("mallory", PASSWORD).await.status(),
        StatusCode::UNAUTHORIZED
    );

    let response = app.login("alice", PASSWORD).await;
    assert_eq!(response.status(), StatusCode::OK);
    let alice = signed_in_from(response).await;
    let post = publish(&app, &alice, "Still writing", "Closed doors.", &[]).await;
    assert!(
        html(&app, &format!("/post/{}", slug_of(&post)))
            .await
            .contains("Closed doors.")
    );
}
