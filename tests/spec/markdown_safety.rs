//! Whatever an author types, nothing in a post can make a reader's browser run it: raw HTML
//! is shown as text, dangerous addresses are dropped, and titles, descriptions and tags are
//! escaped wherever the page shows them.

use serde_json::json;

use crate::common::*;

/// Markdown bodies that try to make a reader's browser run something, each with HTML that
/// must still be there (raw HTML appears as the author typed it, escaped).
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
    let alice = app.user("alice").await;
    for (index, (payload, shown)) in XSS_PAYLOADS.iter().enumerate() {
        let post = app
            .publish(&alice, &format!("Payload {index}"), payload, &[])
            .await;
        let context = format!("payload {payload:?}");
        let stored = &post.body_html;
        Page::fragment(stored).assert_harmless(&format!("{context}, stored HTML"));
        assert!(
            stored.contains(shown),
            "{context}: the stored HTML shows {shown:?}: {stored}"
        );
        assert_eq!(post.body, *payload, "the Markdown is kept as written");

        let reply = app.get(&format!("/post/{}", post.summary.slug)).await;
        let article = reply.page().article().html;
        Page::fragment(&article).assert_harmless(&format!("{context}, post page"));
        assert!(
            article.contains(shown),
            "{context}: the page shows {shown:?}: {article}"
        );
        // Nowhere on the page, not even in the data handed to the browser for hydration,
        // can the payload close a script and open its own.
        assert!(
            !reply
                .text()
                .to_ascii_lowercase()
                .contains("<script>alert(1)"),
            "{context}: the page runs the payload: {reply:?}"
        );
    }
}

#[tokio::test]
async fn a_title_description_and_tag_cannot_inject_markup_into_the_page() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let title = "</title><script>alert(1)</script>";
    let draft = json!({
        "title": title,
        "description": "\"><script>alert(2)</script>",
        "body": "Body.",
        "tags": ["<script>alert(3)<\\script>"],
    });
    let post = app
        .rpc()
        .by(&alice)
        .save(None, draft, "published")
        .await
        .ok();
    let slug = slug_of(&post);
    for uri in [format!("/post/{slug}"), "/".to_owned()] {
        let reply = app.get(&uri).await;
        let lower = reply.text().to_ascii_lowercase();
        for n in 1..=3 {
            assert!(
                !lower.contains(&format!("<script>alert({n})")),
                "{uri}: script {n} injected: {reply:?}"
            );
        }
    }
    // The tab shows the title as typed: escaped once, not twice.
    let page = app.page(&format!("/post/{slug}")).await;
    assert_eq!(page.title(), format!("{title} · Test Blog"));
}
