//! A comment's Markdown: the small part of it a conversation needs (paragraphs, emphasis,
//! strikethrough, code, quotes, lists and links), nothing that could dress a comment up as the
//! page (no headings, images or tables: their text stays). Links carry `rel="nofollow ugc"`,
//! so a comment lends no search ranking to what it links; raw HTML is shown as typed.

use std::{collections::HashSet, sync::LazyLock};

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

static COMMENT_SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::empty();
    builder
        .tags(HashSet::from([
            "p",
            "br",
            "em",
            "strong",
            "del",
            "code",
            "pre",
            "blockquote",
            "ul",
            "ol",
            "li",
            "a",
        ]))
        .tag_attributes(
            [
                ("a", HashSet::from(["href"])),
                ("ol", HashSet::from(["start"])),
            ]
            .into_iter()
            .collect(),
        )
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        .link_rel(Some("nofollow ugc noopener"));
    builder
});

/// The comment as sanitized HTML.
pub fn comment_html(markdown: &str) -> String {
    let events = Parser::new_ext(markdown, Options::ENABLE_STRIKETHROUGH).filter_map(|event| {
        Some(match event {
            // Shown as typed, never interpreted.
            Event::Html(html) | Event::InlineHtml(html) => Event::Text(html),
            // A line break in a comment is one, as it was typed.
            Event::SoftBreak => Event::HardBreak,
            // Headings, images and tables would dress a comment up as the page: their text
            // stays, inline.
            Event::Start(Tag::Heading { .. }) => Event::Start(Tag::Paragraph),
            Event::End(TagEnd::Heading(_)) => Event::End(TagEnd::Paragraph),
            Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => return None,
            Event::Rule => return None,
            other => other,
        })
    });
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    COMMENT_SANITIZER.clean(&html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emphasis_code_and_links_come_through_and_links_lend_no_ranking() {
        let html = comment_html("**bold**, *soft*, `code` and [a site](https://example.com)");
        assert_eq!(
            html,
            "<p><strong>bold</strong>, <em>soft</em>, <code>code</code> and \
             <a href=\"https://example.com\" rel=\"nofollow ugc noopener\">a site</a></p>\n"
        );
    }

    #[test]
    fn nothing_runs_and_nothing_poses_as_the_page() {
        for (typed, shown) in [
            (
                "<script>alert(1)</script>",
                "&lt;script&gt;alert(1)&lt;/script&gt;",
            ),
            (
                "<img src=x onerror=alert(1)>",
                "&lt;img src=x onerror=alert(1)&gt;",
            ),
        ] {
            let html = comment_html(typed);
            assert!(html.contains(shown), "{typed}: {html}");
        }
        let html = comment_html("[x](javascript:alert(1)) ![cat](https://e.com/c.png)\n# Big");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("<img") && !html.contains("<h1"), "{html}");
        assert!(html.contains("cat") && html.contains("Big"), "{html}");
    }

    #[test]
    fn a_line_break_is_kept() {
        assert_eq!(comment_html("one\ntwo"), "<p>one<br>\ntwo</p>\n");
    }
}
