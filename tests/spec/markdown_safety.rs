//! Whatever an author types, nothing in a post can make a reader's browser run it: raw HTML
//! passes the allow-list (what is harmless stays, what runs is dropped), dangerous addresses
//! are dropped, and titles, descriptions and tags are escaped wherever the page shows them.

use serde_json::json;

use crate::common::*;

/// Markdown bodies that try to make a reader's browser run something, each with HTML that
/// must still be there: the harmless rest of what the author wrote.
const XSS_PAYLOADS: &[(&str, &str)] = &[
    ("Before <script>alert(1)</script> after", "after"),
    ("<img src=x onerror=alert(1)>", "<img src=\"x\">"),
    ("[x](javascript:alert(1))", ">x</a>"),
    ("[x](JAVASCRIPT:alert(1))", ">x</a>"),
    ("[x](&#106;avascript:alert(1))", ">x</a>"),
    ("[x](java\tscript:alert(1))", "x"),
    ("![x](javascript:alert(1))", "alt=\"x\""),
    ("<a href=\"javascript:alert(1)\">x</a>", ">x</a>"),
    ("Drawing: <svg onload=alert(1)>", "Drawing:"),
    ("Frame: <iframe src=\"https://evil.example\">", "Frame:"),
    ("Styled <style>body{}</style> text", " text"),
    (
        "<div style=\"background:url(javascript:alert(1))\">Boxed</div>",
        "<div>Boxed</div>",
    ),
    (
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        ">x</a>",
    ),
    (
        "Sum: <math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
        "Sum:",
    ),
    (
        "<details open ontoggle=alert(1)><summary>More</summary></details>",
        "<summary>More</summary>",
    ),
    ("Object: <object data=\"javascript:alert(1)\">", "Object:"),
    ("# <img src=x onerror=alert(1)>", "<img src=\"x\">"),
    (
        "```\"><script>alert(1)</script>\nlet shown = 1;\n```",
        "let shown = 1;",
    ),
    ("<javascript:alert(1)>", ">javascript:alert(1)</a>"),
    (
        "<form action=\"javascript:alert(1)\"><button>Go</button></form>",
        "Go",
    ),
    (
        "Meta <meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
        "Meta",
    ),
    (
        "Hi <b onmouseover=alert(1)>bold</b> and <IMG SRC=\"jav&#x09;ascript:alert(1)\">",
        "<b>bold</b>",
    ),
    (
        "[x](vbscript:msgbox(1)) <a href='javascript:alert(1)'>y</a>",
        ">y</a>",
    ),
    (
        "[a](https://example.com \"\\\" onmouseover=\\\"alert(1)\")",
        ">a</a>",
    ),
    (
        "Note[^1].\n\n[^1]: <img src=x onerror=alert(1)> [y](javascript:alert(1))",
        "<img src=\"x\">",
    ),
    (
        "> [!NOTE]\n> <a href=\"javascript:alert(1)\" onclick=\"alert(1)\">z</a>",
        ">z</a>",
    ),
];

#[tokio::test]
async fn xss_payloads_in_markdown_never_run_and_what_is_harmless_stays() {
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
