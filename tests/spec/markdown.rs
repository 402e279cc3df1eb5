//! Markdown rendered once, when a post is saved: ordinary formatting survives, and so does
//! what writers bring from GitHub and other platforms (footnotes, definition lists, callouts,
//! harmless raw HTML); Rust code is highlighted, and the editor's preview is exactly what
//! publishing stores.

use axum::http::StatusCode;
use serde_json::json;

use crate::common::*;

/// The stored HTML and the post page's body, which must agree.
async fn stored_and_shown(
    app: &TestApp,
    who: &SignedIn,
    markdown: &str,
) -> [(&'static str, Page); 2] {
    let post = app.publish(who, "Rendered", markdown, &[]).await;
    let page = app.page(&format!("/post/{}", post.summary.slug)).await;
    [
        ("stored", Page::fragment(&post.body_html)),
        ("page", page.article().body),
    ]
}

/// Each selector is there, reading its text where one is given, and nothing on it runs.
fn assert_shows(html: &Page, expected: &[(&str, Option<&str>)], where_: &str) {
    for (css, text) in expected {
        assert!(html.has(css), "{where_}: {css} in {html:?}");
        if let Some(text) = text {
            let texts = html.texts(css);
            assert!(
                texts.iter().any(|shown| shown == text),
                "{where_}: {css} reads {text:?}, not {texts:?}"
            );
        }
    }
    html.assert_harmless(where_);
}

#[tokio::test]
async fn ordinary_markdown_keeps_its_formatting() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
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
    // What a reader finds, and the text it reads.
    let expected: &[(&str, Option<&str>)] = &[
        // The heading ends in its anchor link, "#".
        ("h2#h-getting-started", Some("Getting started#")),
        ("h2 > a.anchor[href='#h-getting-started']", Some("#")),
        ("em", Some("emphasis")),
        ("strong", Some("strength")),
        ("del", Some("a mistake")),
        ("code", Some("inline code")),
        ("a[href='https://example.com/docs']", Some("link")),
        ("img[src='https://example.com/cat.png'][alt='a cat']", None),
        ("ul > li", Some("first")),
        ("ul > li", Some("second")),
        ("ol > li", Some("one")),
        ("ol > li", Some("two")),
        ("li > input[type='checkbox']", None),
        ("table th", Some("Name")),
        ("table td", Some("1")),
        ("blockquote", Some("A quote.")),
    ];
    for (where_, html) in stored_and_shown(&app, &alice, markdown).await {
        assert_shows(&html, expected, where_);
    }
}

#[tokio::test]
async fn what_writers_bring_from_other_platforms_survives() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let markdown = "\
Rust was first released in 2015.[^release] It is fast.[^speed]

[^release]: Version 1.0, in May.
[^speed]: As fast as C, in *most* benchmarks.

Ownership
: Each value has one owner.

> [!TIP]
> Run `cargo clippy` before every commit.

<details>
<summary>The long story</summary>

It began as a *personal* project.

</details>

Press <kbd>Ctrl</kbd>+<kbd>C</kbd>. H<sub>2</sub>O, x<sup>2</sup>.
";
    let expected: &[(&str, Option<&str>)] = &[
        ("sup.footnote-ref > a[href='#h-fn_1']#h-fnref_1", Some("1")),
        ("sup.footnote-ref > a[href='#h-fn_2']#h-fnref_2", Some("2")),
        ("div.footnotes li#h-fn_1 > p", Some("Version 1.0, in May.")),
        ("div.footnotes li#h-fn_2 em", Some("most")),
        (
            "div.footnotes a.footnote-back[href='#h-fnref_2']",
            Some("↩"),
        ),
        ("dl > dt", Some("Ownership")),
        ("dl > dd", Some("Each value has one owner.")),
        ("aside.callout.callout-tip > p.callout-title", Some("Tip")),
        ("aside.callout-tip code", Some("cargo clippy")),
        ("details > summary", Some("The long story")),
        ("details em", Some("personal")),
        ("kbd", Some("Ctrl")),
        ("sub", Some("2")),
        ("sup", Some("2")),
    ];
    for (where_, html) in stored_and_shown(&app, &alice, markdown).await {
        assert_shows(&html, expected, where_);
    }
}

#[tokio::test]
async fn a_rust_code_block_is_syntax_highlighted() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let markdown = "```rust\nfn main() {\n    let greeting = \"<hello>\";\n}\n```\n";
    for (where_, html) in stored_and_shown(&app, &alice, markdown).await {
        assert!(
            html.has("pre.highlight > code.language-rust"),
            "{where_}: {html:?}"
        );
        let coloured = html.count("code span[class*='hl-']");
        assert!(
            coloured >= 3,
            "{where_}: tokens coloured by class: {html:?}"
        );
        assert!(
            html.texts("code span").contains(&"fn".to_owned()),
            "{where_}"
        );
        // Escaped: shown as text, not an element.
        assert!(html.text("code").contains("\"<hello>\""), "{where_}");
        assert!(!html.has("hello"), "{where_}: {html:?}");
    }
}

#[tokio::test]
async fn the_preview_is_exactly_what_publishing_stores() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
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
    let arguments = json!({ "markdown": markdown });
    let preview = app
        .rpc()
        .by(&alice)
        .call("posts/preview", arguments.clone())
        .await
        .ok();
    let post = app.publish(&alice, "Previewed", markdown, &[]).await;
    assert_eq!(preview, post.body_html.as_str());
    assert!(preview.as_str().unwrap().contains("hl-"), "{preview}");
    app.rpc()
        .call("posts/preview", arguments)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, json!("SignInRequired"));
}
