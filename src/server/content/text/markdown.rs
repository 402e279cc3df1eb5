//! Markdown to HTML, once, when a post is saved: CommonMark plus tables, strikethrough and
//! task lists; code blocks highlighted by syntect (as CSS classes, so the
//! light and dark themes colour them); headings given ids and a link to themselves, and
//! kept as the post's outline (its table of contents).
//!
//! Images stored on the site (`/media/…`) come out with their size and their smaller copies
//! (`srcset`), read from their names, and load lazily; the post remembers which it shows.
//!
//! Safety: raw HTML in the Markdown is shown as text, never interpreted, and the finished HTML
//! still passes through ammonia's allow-list, which drops `javascript:` URLs, event handlers,
//! scripts, styles and anything else a reader's browser could be made to run.

use std::{
    collections::{HashMap, HashSet},
    sync::LazyLock,
};

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use syntect::{
    html::{ClassStyle, ClassedHTMLGenerator},
    parsing::SyntaxSet,
    util::LinesWithEndings,
};

use crate::{model::Heading, server::media::names::MediaName};

/// Class prefix of highlighted tokens; the stylesheet colours `hl-*` classes.
const HIGHLIGHT_CLASS_PREFIX: &str = "hl-";
/// Heading ids start with this, so a heading can never take the id of a part of the page.
const HEADING_ID_PREFIX: &str = "h-";

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| sanitizer(None));

/// The allow-list every post's HTML passes. With a `base`, relative addresses (in `href`,
/// `src` and each of a `srcset`'s) are also made absolute on it.
fn sanitizer(base: Option<ammonia::Url>) -> ammonia::Builder<'static> {
    let mut builder = ammonia::Builder::default();
    builder
        .add_tag_attributes("span", ["class"])
        .add_tag_attributes("pre", ["class"])
        .add_tag_attributes("code", ["class"])
        .add_tag_attributes("a", ["class", "aria-label"])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .add_tag_attributes("img", ["srcset", "sizes", "loading", "decoding"])
        .add_tags(["input"])
        .id_prefix(Some(HEADING_ID_PREFIX));
    if let Some(base) = &base {
        builder.url_relative(ammonia::UrlRelative::RewriteWithBase(base.clone()));
    }
    builder.attribute_filter(
        move |element, attribute, value| match (element, attribute) {
            ("h1" | "h2" | "h3" | "h4" | "h5" | "h6", "id") => Some(value.into()),
            (_, "id") => None,
            ("input", "type") => (value == "checkbox").then(|| value.into()),
            (_, "class") => value
                .split_whitespace()
                .all(|class| {
                    class.starts_with(HIGHLIGHT_CLASS_PREFIX)
                        || class.starts_with("language-")
                        || matches!(class, "highlight" | "anchor")
                })
                .then(|| value.into()),
            ("img", "srcset") => match &base {
                Some(base) => Some(
                    value
                        .split(',')
                        .map(|candidate| {
                            let candidate = candidate.trim();
                            let (address, width) =
                                candidate.split_once(' ').unwrap_or((candidate, ""));
                            let address = base
                                .join(address)
                                .map_or_else(|_| address.to_owned(), String::from);
                            format!("{address} {width}").trim_end().to_owned()
                        })
                        .collect::<Vec<_>>()
                        .join(", ")
                        .into(),
                ),
                None => Some(value.into()),
            },
            _ => Some(value.into()),
        },
    );
    for heading in ["h1", "h2", "h3", "h4", "h5", "h6"] {
        builder.add_tag_attributes(heading, ["id"]);
    }
    builder
}

/// A post's stored HTML with its relative addresses made absolute on the post's own address,
/// for readers that have no base for it (RSS and JSON Feed). The same allow-list, so nothing
/// else changes.
pub fn with_absolute_addresses(html: &str, post_url: &str) -> String {
    match ammonia::Url::parse(post_url) {
        Ok(base) => sanitizer(Some(base)).clean(html).to_string(),
        Err(_) => html.to_owned(),
    }
}

/// Headings deeper than this stay out of a post's outline.
const OUTLINE_MAX_LEVEL: u8 = 3;

/// How wide a post's images are shown: the text column (`--measure`), or the screen.
const IMAGE_SIZES: &str = "(min-width: 44rem) 42rem, 100vw";

/// Links to stored images a post keeps track of; more are still shown, not tracked.
pub const MAX_MEDIA_PER_POST: usize = 200;

/// A post body ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub html: String,
    /// Words of prose and code, for the reading time. Chinese and Japanese, written without
    /// spaces, count two characters to a word (they read at about twice the rate).
    pub word_count: i64,
    /// The headings down to `<h3>`, with the ids the HTML gives them.
    pub outline: Vec<Heading>,
    /// Addresses the body links or shows that may be stored images (`/media/…`), in order.
    pub media_links: Vec<String>,
}

impl Rendered {
    /// The outline as it is stored beside the HTML.
    pub fn outline_json(&self) -> String {
        serde_json::to_string(&self.outline).expect("headings serialize")
    }
}

pub fn render(markdown: &str) -> Rendered {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let mut words = WordCount::default();
    let mut outline = Vec::new();
    let mut heading_ids = HeadingIds::default();
    let mut media_links = Vec::new();
    let mut events = Vec::new();
    let mut parser = Parser::new_ext(markdown, options);
    while let Some(event) = parser.next() {
        match event {
            // Raw HTML is shown as the author typed it, never interpreted.
            Event::Html(html) | Event::InlineHtml(html) => events.push(Event::Text(html)),
            Event::Start(Tag::CodeBlock(kind)) => {
                let code = collect_text(&mut parser, |end| matches!(end, TagEnd::CodeBlock));
                words.add(&code);
                let language = match &kind {
                    CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or(""),
                    CodeBlockKind::Indented => "",
                };
                events.push(Event::Html(highlight(&code, language).into()));
            }
            Event::Start(Tag::Heading { level, .. }) => {
                let inner = collect_events(&mut parser, |end| matches!(end, TagEnd::Heading(_)));
                for event in &inner {
                    if let Event::Start(Tag::Image { dest_url, .. } | Tag::Link { dest_url, .. }) =
                        event
                    {
                        note_media_link(&mut media_links, dest_url);
                    }
                }
                let text: String = inner
                    .iter()
                    .filter_map(|event| match event {
                        Event::Text(text) | Event::Code(text) => Some(text.as_ref()),
                        _ => None,
                    })
                    .collect();
                words.add(&text);
                let id = heading_ids.next_for(&text);
                let level_number = level as u8;
                if level_number <= OUTLINE_MAX_LEVEL {
                    outline.push(Heading {
                        level: level_number,
                        id: id.clone(),
                        text: text.trim().to_owned(),
                    });
                }
                events.push(Event::Html(format!("<{level} id=\"{id}\">").into()));
                events.extend(inner.into_iter().map(|event| match event {
                    Event::Html(html) | Event::InlineHtml(html) => Event::Text(html),
                    other => other,
                }));
                events.push(Event::Html(
                    format!(
                        "<a class=\"anchor\" href=\"#{id}\" aria-label=\"Link to this section\">#</a></{level}>"
                    )
                    .into(),
                ));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let inner = collect_events(&mut parser, |end| matches!(end, TagEnd::Image));
                let alt: String = inner
                    .iter()
                    .filter_map(|event| match event {
                        Event::Text(text) | Event::Code(text) => Some(text.as_ref()),
                        _ => None,
                    })
                    .collect();
                words.add(&alt);
                note_media_link(&mut media_links, &dest_url);
                match MediaName::from_url(&dest_url) {
                    Some(name) => {
                        events.push(Event::Html(
                            stored_image(&dest_url, &name, &alt, &title).into(),
                        ));
                    }
                    None => {
                        events.push(Event::Start(Tag::Image {
                            link_type,
                            dest_url,
                            title,
                            id,
                        }));
                        events.extend(inner);
                        events.push(Event::End(TagEnd::Image));
                    }
                }
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                note_media_link(&mut media_links, &dest_url);
                events.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::Text(text) => {
                words.add(&text);
                events.push(Event::Text(text));
            }
            other => events.push(other),
        }
    }
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    Rendered {
        html: SANITIZER.clean(&html).to_string(),
        word_count: words.total(),
        outline,
        media_links,
    }
}

/// `<img>` for a stored image: its size and copies from its name, loaded when scrolled to.
fn stored_image(url: &str, name: &MediaName, alt: &str, title: &str) -> String {
    let original = name.original();
    let title = if title.is_empty() {
        String::new()
    } else {
        format!(" title=\"{}\"", escape_html(title))
    };
    format!(
        "<img src=\"{src}\" srcset=\"{srcset}\" sizes=\"{IMAGE_SIZES}\" width=\"{width}\" \
         height=\"{height}\" alt=\"{alt}\"{title} loading=\"lazy\" decoding=\"async\">",
        src = escape_html(url),
        srcset = original.srcset(),
        width = original.width,
        height = original.height,
        alt = escape_html(alt),
    )
}

fn note_media_link(links: &mut Vec<String>, url: &str) {
    if url.starts_with(crate::server::media::names::URL_PREFIX) && links.len() < MAX_MEDIA_PER_POST
    {
        links.push(url.to_owned());
    }
}

/// [`render`] on tokio's blocking pool, for async callers: highlighting a long post takes
/// milliseconds of CPU that must not stall the request workers.
pub async fn render_off_runtime(markdown: String) -> Rendered {
    match tokio::task::spawn_blocking(move || render(&markdown)).await {
        Ok(rendered) => rendered,
        Err(failure) => std::panic::resume_unwind(failure.into_panic()),
    }
}

/// Collects the text inside a block up to its end tag.
fn collect_text(parser: &mut Parser, is_end: impl Fn(&TagEnd) -> bool) -> String {
    let mut text = String::new();
    for event in parser.by_ref() {
        match event {
            Event::End(end) if is_end(&end) => break,
            Event::Text(chunk) | Event::Html(chunk) => text.push_str(&chunk),
            _ => {}
        }
    }
    text
}

fn collect_events<'a>(parser: &mut Parser<'a>, is_end: impl Fn(&TagEnd) -> bool) -> Vec<Event<'a>> {
    let mut events = Vec::new();
    for event in parser.by_ref() {
        match event {
            Event::End(end) if is_end(&end) => break,
            other => events.push(other),
        }
    }
    events
}

/// `<pre><code>` with syntect's classes; unknown languages come out as escaped plain text.
fn highlight(code: &str, language: &str) -> String {
    let syntax = SYNTAXES
        .find_syntax_by_token(language)
        .unwrap_or_else(|| SYNTAXES.find_syntax_plain_text());
    let mut generator = ClassedHTMLGenerator::new_with_class_style(
        syntax,
        &SYNTAXES,
        ClassStyle::SpacedPrefixed {
            prefix: HIGHLIGHT_CLASS_PREFIX,
        },
    );
    let highlighted = LinesWithEndings::from(code)
        .try_for_each(|line| generator.parse_html_for_line_which_includes_newline(line));
    let inner = match highlighted {
        Ok(()) => generator.finalize(),
        Err(_) => escape_html(code),
    };
    let language_class = language
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '_' | '#'))
        .then(|| format!(" class=\"language-{}\"", language.to_ascii_lowercase()))
        .filter(|_| !language.is_empty())
        .unwrap_or_default();
    format!("<pre class=\"highlight\"><code{language_class}>{inner}</code></pre>\n")
}

fn escape_html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '&' => escaped.push_str("&amp;"),
            '"' => escaped.push_str("&quot;"),
            other => escaped.push(other),
        }
    }
    escaped
}

/// Words as a reader meets them: runs of letters or digits between spaces, and, in scripts
/// written without spaces, characters, two to a word.
#[derive(Default)]
struct WordCount {
    words: i64,
    unspaced_characters: i64,
}

impl WordCount {
    fn add(&mut self, text: &str) {
        let mut in_word = false;
        for c in text.chars() {
            if is_unspaced_script(c) {
                self.unspaced_characters += 1;
                in_word = false;
            } else if c.is_whitespace() {
                in_word = false;
            } else if c.is_alphanumeric() && !in_word {
                self.words += 1;
                in_word = true;
            }
        }
    }

    fn total(&self) -> i64 {
        self.words + (self.unspaced_characters + 1) / 2
    }
}

/// Han ideographs (Chinese, and kanji), hiragana and katakana: scripts that put no spaces
/// between words. Korean does, and is counted by its words.
fn is_unspaced_script(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}'     // hiragana, katakana
        | '\u{3400}'..='\u{4DBF}'   // CJK extension A
        | '\u{4E00}'..='\u{9FFF}'   // CJK unified ideographs
        | '\u{F900}'..='\u{FAFF}'   // compatibility ideographs
        | '\u{20000}'..='\u{3134F}' // extensions B to G
    )
}

/// Ids for headings: readable (`h-getting-started`) and unique within the post.
#[derive(Default)]
struct HeadingIds {
    seen: HashSet<String>,
    counts: HashMap<String, usize>,
}

impl HeadingIds {
    fn next_for(&mut self, text: &str) -> String {
        let base = match slug::slugify(text) {
            slug if slug.is_empty() => "section".to_owned(),
            slug => slug,
        };
        let mut id = format!("{HEADING_ID_PREFIX}{base}");
        while self.seen.contains(&id) {
            let count = self.counts.entry(base.clone()).or_insert(1);
            *count += 1;
            id = format!("{HEADING_ID_PREFIX}{base}-{count}");
        }
        self.seen.insert(id.clone());
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_blocks_are_highlighted_and_escaped() {
        let rendered = render("```rust\nfn main() { let x = \"<b>\"; }\n```\n");
        assert!(
            rendered
                .html
                .contains("<pre class=\"highlight\"><code class=\"language-rust\">")
        );
        assert!(rendered.html.contains("hl-keyword") || rendered.html.contains("hl-storage"));
        assert!(rendered.html.contains("&lt;b&gt;"));
    }

    #[test]
    fn headings_get_unique_anchors() {
        let html = render("# Intro\n\n## Intro\n\n## 你好\n").html;
        assert!(html.contains("<h1 id=\"h-intro\">Intro<a class=\"anchor\" href=\"#h-intro\""));
        assert!(html.contains("<h2 id=\"h-intro-2\">"));
        assert!(html.contains("<h2 id=\"h-ni-hao\">"));
    }

    #[test]
    fn raw_html_is_shown_not_run() {
        let html = render("hello <script>alert(1)</script> <b>bold</b>").html;
        assert!(!html.contains("<script"));
        assert!(!html.contains("<b>"));
        assert!(html.contains("&lt;b&gt;bold&lt;/b&gt;"));
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
}
