use super::*;

#[test]
fn code_blocks_are_highlighted_and_escaped() {
    let rendered = render("```rust\nfn main() { let x = \"<b>\"; }\n```\n");
    assert!(
        rendered
            .html
            .contains("<pre class=\"highlight\" tabindex=\"0\"><code class=\"language-rust\">")
    );
    assert!(rendered.html.contains("hl-keyword") || rendered.html.contains("hl-storage"));
    assert!(rendered.html.contains("&lt;b&gt;"));
}

#[test]
fn a_table_scrolls_in_a_box_a_keyboard_can_focus() {
    let html = render("| a | b |\n|---|---|\n| 1 | 2 |\n").html;
    assert!(
        html.starts_with("<div class=\"table-scroll\" tabindex=\"0\"><table>"),
        "{html}"
    );
    assert!(html.trim_end().ends_with("</table>\n</div>"), "{html}");
}

#[test]
fn headings_get_unique_anchors() {
    let html = render("# Intro\n\n## Intro\n\n## 你好\n").html;
    assert!(html.contains("<h1 id=\"h-intro\">Intro<a class=\"anchor\" href=\"#h-intro\""));
    assert!(html.contains("<h2 id=\"h-intro-2\">"));
    assert!(html.contains("<h2 id=\"h-ni-hao\">"));
}

#[test]
fn raw_html_passes_the_allow_list_and_nothing_that_runs_does() {
    let html = render(
        "hello <script>alert(1)</script> <b onclick=\"x()\">bold</b> <kbd>Ctrl</kbd>\n\n\
         <details><summary>More</summary>\n\nInside *too*.\n\n</details>\n\n\
         <div style=\"color:red\" class=\"hl-evil\"><a href=\"javascript:alert(1)\">x</a></div>",
    )
    .html;
    assert!(html.contains("<b>bold</b>"), "{html}");
    assert!(html.contains("<kbd>Ctrl</kbd>"), "{html}");
    assert!(html.contains("<details><summary>More</summary>"), "{html}");
    assert!(html.contains("<em>too</em>"), "{html}");
    for gone in ["<script", "alert(1)", "onclick", "style=", "javascript:"] {
        assert!(!html.contains(gone), "{gone} in {html}");
    }
}

#[test]
fn footnotes_are_numbered_as_referred_to_and_link_both_ways() {
    let html = render(
        "First[^b], second[^a], first again[^b], undefined[^none].\n\n\
         [^a]: The *second* note.\n\
         [^b]: The first note.\n\
         [^unused]: Never referred to.\n",
    )
    .html;
    assert!(
        html.contains("First<sup class=\"footnote-ref\"><a href=\"#h-fn_1\" id=\"h-fnref_1\""),
        "{html}"
    );
    assert!(
        html.contains("second<sup class=\"footnote-ref\"><a href=\"#h-fn_2\" id=\"h-fnref_2\"")
    );
    // A second reference links to the note, without taking the first's id.
    assert!(html.contains("again<sup class=\"footnote-ref\"><a href=\"#h-fn_1\" rel="));
    assert!(html.contains("undefined[^none]"), "{html}");
    let notes = &html[html.find("<div class=\"footnotes\">").expect("the notes")..];
    let first = notes
        .find("<li id=\"h-fn_1\" value=\"1\">\n<p>The first note.")
        .expect("note 1");
    let second = notes
        .find("<li id=\"h-fn_2\" value=\"2\">\n<p>The <em>second</em> note.")
        .expect("note 2");
    assert!(first < second, "{notes}");
    assert!(notes.contains("<a class=\"footnote-back\" href=\"#h-fnref_1\""));
    assert!(!notes.contains("Never referred to"));
    assert!(!render("No notes here.").html.contains("footnotes"));
}

#[test]
fn definition_lists_and_callouts_are_written_as_github_and_pandoc_do() {
    let html =
        render("Term\n: What it means.\n\n> [!WARNING]\n> Mind the *gap*.\n\n> A plain quote.\n")
            .html;
    assert!(
        html.contains("<dl>\n<dt>Term</dt>\n<dd>What it means.</dd>"),
        "{html}"
    );
    assert!(
        html.contains(
            "<aside class=\"callout callout-warning\"><p class=\"callout-title\">Warning</p>"
        ),
        "{html}"
    );
    assert!(html.contains("Mind the <em>gap</em>."));
    assert!(
        html.contains("<blockquote>\n<p>A plain quote.</p>\n</blockquote>"),
        "{html}"
    );
}

#[test]
fn stored_images_get_their_size_and_copies_and_others_stay_plain() {
    let hash = "0123456789abcdef0123456789abcdef";
    let rendered = render(&format!(
        "![A \"quoted\" cat](/media/{hash}-700x350.jpg) ![far](https://example.com/x.png) \
         [file](/media/{hash}-700x350-320w.jpg)"
    ));
    assert!(rendered.html.contains(&format!(
        "<img src=\"/media/{hash}-700x350.jpg\" srcset=\"/media/{hash}-700x350-320w.jpg 320w, \
         /media/{hash}-700x350-640w.jpg 640w, /media/{hash}-700x350.jpg 700w\" sizes=\"{IMAGE_SIZES}\" \
         width=\"700\" height=\"350\" alt=\"A &quot;quoted&quot; cat\" loading=\"lazy\" decoding=\"async\">"
    )), "{}", rendered.html);
    assert!(
        rendered
            .html
            .contains("<img src=\"https://example.com/x.png\" alt=\"far\">"),
        "{}",
        rendered.html
    );
    assert_eq!(
        rendered.media_links,
        [
            format!("/media/{hash}-700x350.jpg"),
            format!("/media/{hash}-700x350-320w.jpg")
        ]
    );
}

#[test]
fn feeds_get_absolute_addresses_and_nothing_else_changes() {
    let html = render(
        "## Part\n\n[other](/post/other) [far](https://far.example/) \
         ![cat](/media/0123456789abcdef0123456789abcdef-700x350.jpg) `<a href=\"/x\">`",
    )
    .html;
    let absolute = with_absolute_addresses(&html, "https://blog.example/post/mine");
    let site = "https://blog.example";
    for expected in [
        format!("href=\"{site}/post/other\""),
        "href=\"https://far.example/\"".to_owned(),
        format!("src=\"{site}/media/0123456789abcdef0123456789abcdef-700x350.jpg\""),
        format!("{site}/media/0123456789abcdef0123456789abcdef-700x350-320w.jpg 320w, "),
        format!("href=\"{site}/post/mine#h-part\""),
        "<h2 id=\"h-part\">".to_owned(),
        // Text that looks like markup is text.
        "&lt;a href=\"/x\"&gt;".to_owned(),
    ] {
        assert!(absolute.contains(&expected), "{expected} in {absolute}");
    }
}

#[test]
fn the_first_loadable_image_is_the_posts_picture() {
    let rendered =
        render("![x](javascript:alert(1)) text ![a](/media/a.png) ![b](https://b/c.png)");
    assert_eq!(rendered.cover_image.as_deref(), Some("/media/a.png"));
    assert_eq!(render("no picture").cover_image, None);
    assert_eq!(render("![far](//evil.example/x.png)").cover_image, None);
}

#[test]
fn words_are_counted() {
    assert_eq!(render("one two\n\nthree *four*").word_count, 4);
    // Punctuation on its own is no word; text without spaces counts two characters to one.
    assert_eq!(render("one - two").word_count, 2);
    assert_eq!(render("你好世界，我在写 Rust。").word_count, 4 + 1);
    assert_eq!(render("こんにちは").word_count, 3);
}

#[test]
fn the_outline_holds_the_headings_to_h3_with_their_ids() {
    let rendered = render("# Intro\n\n## Intro\n\n#### Deep\n\n### `Code` and *more*\n");
    let outline: Vec<(u8, &str, &str)> = rendered
        .outline
        .iter()
        .map(|h| (h.level, h.id.as_str(), h.text.as_str()))
        .collect();
    assert_eq!(
        outline,
        [
            (1, "h-intro", "Intro"),
            (2, "h-intro-2", "Intro"),
            (3, "h-code-and-more", "Code and more"),
        ]
    );
    for heading in &rendered.outline {
        assert!(rendered.html.contains(&format!(" id=\"{}\"", heading.id)));
    }
}
