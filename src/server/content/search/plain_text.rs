//! The words a reader sees in a post's Markdown, without its markup: what search indexes and
//! quotes from. Link and image addresses are left out; code stays, it is often what is sought,
//! and so does raw HTML, which readers see as typed (the renderer never interprets it).

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

pub fn of_markdown(markdown: &str) -> String {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let mut text = String::with_capacity(markdown.len());
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Text(words)
            | Event::Code(words)
            | Event::Html(words)
            | Event::InlineHtml(words) => text.push_str(&words),
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
    }
}
