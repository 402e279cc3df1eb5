//! The words a reader sees in a post's Markdown, without its markup: what search indexes and
//! quotes from. Link and image addresses are left out, and so are raw HTML's tags (the text
//! between them stays); code stays, it is often what is sought.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::server::content::text::markdown::OPTIONS;

pub fn of_markdown(markdown: &str) -> String {
    let mut text = String::with_capacity(markdown.len());
    for event in Parser::new_ext(markdown, OPTIONS) {
        match event {
            Event::Text(words) | Event::Code(words) => text.push_str(&words),
            Event::Html(html) | Event::InlineHtml(html) => push_without_tags(&mut text, &html),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::Start(Tag::Item) | Event::End(TagEnd::TableCell) => text.push(' '),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::CodeBlock
                | TagEnd::Item
                | TagEnd::TableRow
                | TagEnd::TableHead
                | TagEnd::BlockQuote(_),
            ) => text.push('\n'),
            _ => {}
        }
    }
    text.trim().to_owned()
}

/// The text of a piece of HTML, without its tags.
fn push_without_tags(text: &mut String, html: &str) {
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_addresses_are_left_out() {
        let text = of_markdown(
            "# Title\n\nSome *emphasis* and a [link](https://example.com/x).\n\n\
             ![a cat](cat.png)\n\n```rust\nfn main() {}\n```\n\n<b>raw</b>",
        );
        assert!(text.starts_with("Title\nSome emphasis and a link.\na cat\nfn main() {}"));
        assert!(!text.contains("https://"));
        assert!(!text.contains("cat.png"));
        assert!(!text.contains('*'));
        assert!(text.contains("fn main() {}"));
        assert!(text.ends_with("raw"), "{text}");
        assert!(!text.contains("<b>"));
    }
}
