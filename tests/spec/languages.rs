//! The UI in English and Simplified Chinese: chosen from the switch (a cookie) or the
//! browser's Accept-Language, rendered by the server in that language from the first byte,
//! dates written the language's way, and the page cache keeping a copy per language.

use axum::{
    body::Body,
    http::{Request, StatusCode, header},
};

use crate::common::*;

#[tokio::test]
async fn a_chinese_browser_gets_the_chinese_ui_and_others_english() {
    let app = TestApp::new().await;
    let author = app.user("author").await;
    app.publish(&author, "Hello", "Body.", &["rust"]).await;

    let english = app.page("/").await;
    assert_eq!(english.attr("html", "lang").as_deref(), Some("en"));
    assert_eq!(english.heading(), "Latest posts");

    let reply = app
        .get_with("/", &[("accept-language", "zh-CN,zh;q=0.9,en;q=0.8")])
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    let chinese = reply.page();
    assert_eq!(chinese.attr("html", "lang").as_deref(), Some("zh"));
    assert_eq!(chinese.heading(), "最新文章");
    assert!(
        chinese.visible_text().contains("阅读约 1 分钟"),
        "{chinese:?}"
    );
    assert!(chinese.text("header").contains("登录"));

    // English preferred over Chinese: English.
    let reply = app
        .get_with("/", &[("accept-language", "en-GB, zh;q=0.5")])
        .await;
    assert_eq!(reply.page().attr("html", "lang").as_deref(), Some("en"));
    // A language the blog does not have: English.
    let reply = app.get_with("/", &[("accept-language", "fr-FR")]).await;
    assert_eq!(reply.page().heading(), "Latest posts");
}

#[tokio::test]
async fn the_switch_is_remembered_and_beats_accept_language() {
    let app = TestApp::new().await;
    let reply = app
        .send(
            Request::post("/language")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from("language=zh&back=%2Ftag%2Frust%3Fpage%3D2"))
                .unwrap(),
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(reply.header(header::LOCATION), Some("/tag/rust?page=2"));
    let cookie = reply.header(header::SET_COOKIE).unwrap().to_owned();
    assert!(cookie.starts_with("blog_lang=zh;"), "{cookie}");
    assert!(cookie.contains("Max-Age=31536000"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");

    let page = app
        .get_with(
            "/tag/rust",
            &[("cookie", "blog_lang=zh"), ("accept-language", "en-US")],
        )
        .await
        .page();
    assert_eq!(page.attr("html", "lang").as_deref(), Some("zh"));
    assert_eq!(page.heading(), "标签 #rust 的文章");
    // The switch itself names each language in its own words.
    assert_eq!(
        page.texts("form.language-switch button"),
        ["English", "简体中文"]
    );
    assert_eq!(
        page.attr("form.language-switch button[aria-pressed='true']", "value")
            .as_deref(),
        Some("zh")
    );
}

#[tokio::test]
async fn the_switch_only_goes_back_to_this_site_and_knows_its_languages() {
    let app = TestApp::new().await;
    for (back, expected) in [
        ("%2F%2Fevil.example%2F", "/"),
        ("https%3A%2F%2Fevil.example%2F", "/"),
        ("%2F%5Cevil.example", "/"),
        // Browsers drop tabs and line breaks before reading a Location: `/\t/host` is `//host`.
        ("%2F%09%2Fevil.example", "/"),
        ("%2F%0A%2Fevil.example", "/"),
        ("%2F%0D%0ASet-Cookie%3A%20x%3D1", "/"),
        ("%2Fpost%2Fhello", "/post/hello"),
    ] {
        let reply = app
            .send(
                Request::post("/language")
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .body(Body::from(format!("language=en&back={back}")))
                    .unwrap(),
            )
            .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{back}");
        assert_eq!(reply.header(header::LOCATION), Some(expected), "{back}");
    }
    let reply = app
        .send(
            Request::post("/language")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from("language=klingon"))
                .unwrap(),
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.text().contains("klingon"));
    assert!(reply.header(header::SET_COOKIE).is_none());
}

#[tokio::test]
async fn dates_are_written_the_way_the_language_writes_them() {
    let app = TestApp::new().await;
    let author = app.user("author").await;
    let post = app.publish(&author, "Dated", "Body.", &[]).await;
    let path = format!("/post/{}", post.summary.slug);
    let published = post.summary.published.unwrap();

    let english = app.page(&path).await;
    let chinese = app
        .get_with(&path, &[("accept-language", "zh")])
        .await
        .page();
    let english_date = english.text(".byline time");
    let chinese_date = chinese.text(".byline time");
    // The same moment, machine-readable, in both.
    assert_eq!(
        english.attr(".byline time", "datetime"),
        Some(published.iso.clone())
    );
    assert_eq!(
        chinese.attr(".byline time", "datetime"),
        Some(published.iso)
    );
    let (year, rest) = chinese_date.split_once('年').expect(&chinese_date);
    let (month, day) = rest.split_once('月').expect(&chinese_date);
    assert!(day.ends_with('日'), "{chinese_date}");
    assert!(
        english_date.starts_with(day.trim_end_matches('日')),
        "{english_date}"
    );
    assert!(english_date.ends_with(year), "{english_date}");
    let months = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let month: usize = month.parse().unwrap();
    assert!(english_date.contains(months[month - 1]), "{english_date}");
}

#[tokio::test]
async fn the_page_cache_keeps_a_copy_per_language() {
    let app = TestApp::new().await;
    // (As the other page cache tests do: by then a server on PostgreSQL has joined the change
    // relay, whose start forgets every page kept before it.)
    let author = app.user("author").await;
    app.publish(&author, "Hello", "Body.", &[]).await;
    let english = app.get("/").await;
    let chinese = app.get_with("/", &[("accept-language", "zh")]).await;
    let vary = english.header(header::VARY).unwrap_or_default().to_owned();
    assert!(
        vary.contains("accept-language") && vary.contains("cookie"),
        "{vary}"
    );
    let english_etag = english.header(header::ETAG).unwrap().to_owned();
    let chinese_etag = chinese.header(header::ETAG).unwrap().to_owned();
    assert_ne!(english_etag, chinese_etag);
    // Each copy is kept: asked again, each language answers with its own.
    let again = app.get_with("/", &[("accept-language", "zh")]).await;
    assert_eq!(again.header(header::ETAG), Some(chinese_etag.as_str()));
    assert_eq!(again.page().heading(), "最新文章");
    let again = app.get("/").await;
    assert_eq!(again.header(header::ETAG), Some(english_etag.as_str()));
    assert_eq!(again.page().heading(), "Latest posts");
}

/// The server's sentences about what was typed come in the page's language to the pages'
/// server functions; the REST API keeps RealWorld's English.
#[tokio::test]
async fn form_errors_come_in_the_pages_language() {
    let app = TestApp::new().await;
    let chinese = |fields: &'static [(&'static str, &'static str)], endpoint: &'static str| {
        let app = &app;
        async move {
            app.rpc()
                .header("cookie", "blog_lang=zh")
                .form(endpoint, fields)
                .await
        }
    };
    let short = chinese(
        &[
            ("username", "lin"),
            ("email", "lin@example.com"),
            ("password", "short"),
        ],
        "auth/register",
    )
    .await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(short.body["Invalid"]["message"], "太短了（至少 8 个字符）");
    let email = chinese(
        &[
            ("username", "lin"),
            ("email", "not an address"),
            ("password", "long enough 1"),
        ],
        "auth/register",
    )
    .await;
    assert_eq!(email.body["Invalid"]["message"], "不是有效的邮箱地址");

    // English pages, and API clients, read English.
    let english = app
        .rpc()
        .form(
            "auth/register",
            &[
                ("username", "lin"),
                ("email", "lin@example.com"),
                ("password", "short"),
            ],
        )
        .await;
    assert_eq!(
        english.body["Invalid"]["message"],
        "is too short (minimum is 8 characters)"
    );
    let api = app
        .api()
        .header("cookie", "blog_lang=zh")
        .post(
            "/api/users",
            serde_json::json!({"user": {"username": "lin", "email": "lin@example.com", "password": "short"}}),
        )
        .await;
    assert_eq!(
        api.body["errors"]["password"][0],
        "is too short (minimum is 8 characters)"
    );
}
