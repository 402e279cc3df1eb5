//! Markdown to HTML, once, when a post is saved: CommonMark plus what GitHub's writers use —
//! tables, strikethrough, task lists, footnotes (`footnotes`), definition lists and callouts
//! (`> [!NOTE]`, `callouts`); code blocks highlighted (`highlight`); headings given ids and a
//! link to themselves (`headings`), and kept as the post's outline (its table of contents);
//! words counted for the reading time (`words`); the first image kept as the post's picture.
//!
//! Images stored on the site (`/media/…`) come out with their size and their smaller copies
//! (`srcset`), read from their names, and load lazily; the post remembers which it shows.
//!
//! Safety: raw HTML in the Markdown is written into the page only through the allow-list
//! (`sanitize`), which every post's finished HTML passes: what a writer brings from another
//! platform (`<details>`, `<kbd>`, `<sup>`) stays, while scripts, styles, event handlers and
//! `javascript:` addresses never reach a reader.

mod callouts;
mod comment;
mod footnotes;
mod headings;
mod highlight;
mod sanitize;
mod words;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};

pub use comment::comment_html;
pub use sanitize::with_absolute_addresses;

use crate::{model::Heading, server::media::names::MediaName};
use headings::HeadingIds;
use sanitize::SANITIZER;
use words::WordCount;

/// The renderer's version, stored with every post's HTML: raise it when a change to
/// rendering should reach posts saved before, and the server renders them again once, at
/// start-up (`Posts::render_outdated`).
pub const RENDERER_VERSION: i64 = 2;

/// Heading ids start with this, so a heading can never take the id of a part of the page.
const HEADING_ID_PREFIX: &str = "h-";

/// Headings deeper than this stay out of a post's outline.
const OUTLINE_MAX_LEVEL: u8 = 3;

/// How wide a post's images are shown: the text column (`--measure`), or the screen.
const IMAGE_SIZES: &str = "(min-width: 44rem) 42rem, 100vw";

/// Opens the box a table scrolls in.
const TABLE_SCROLL_START: &str = "<div class=\"table-scroll\" tabindex=\"0\">";

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
    /// The first image the body shows, by an address a reader's browser may load (a path of
    /// the site, or http and https): the post's picture where a link to it is shared.
    pub cover_image: Option<String>,
}

impl Rendered {
    /// The outline as it is stored beside the HTML.
    pub fn outline_json(&self) -> String {
        serde_json::to_string(&self.outline).expect("headings serialize")
    }
}

/// The extensions posts are written with, for rendering and for search's plain text alike.
pub const OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_TASKLISTS)
    .union(Options::ENABLE_FOOTNOTES)
    .union(Options::ENABLE_DEFINITION_LIST)
    .union(Options::ENABLE_GFM);

pub fn render(markdown: &str) -> Rendered {
    let mut parser = Parser::new_ext(markdown, OPTIONS);
    let mut renderer = Renderer::default();
    while let Some(event) = parser.next() {
        renderer.take(event, &mut parser);
    }
    let mut events = renderer.events;
    events.extend(renderer.footnotes.section());
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    Rendered {
        html: SANITIZER.clean(&html).to_string(),
        word_count: renderer.words.total(),
        outline: renderer.outline,
        media_links: renderer.media_links,
        cover_image: renderer.cover_image,
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

/// What one pass over the parser's events collects besides the events it hands to the HTML
/// writer.
#[derive(Default)]
struct Renderer<'a> {
    events: Vec<Event<'a>>,
    words: WordCount,
    outline: Vec<Heading>,
    heading_ids: HeadingIds,
    media_links: Vec<String>,
    cover_image: Option<String>,
    footnotes: footnotes::Footnotes<'a>,
}

impl<'a> Renderer<'a> {
    fn take(&mut self, event: Event<'a>, parser: &mut Parser<'a>) {
        match event {
            Event::FootnoteReference(label) => {
                let reference = self.footnotes.reference(&label);
                self.events.push(reference);
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                // The note's own events, rendered as the text's are, kept for the end.
                let text = std::mem::take(&mut self.events);
                while let Some(event) = parser.next() {
                    if matches!(event, Event::End(TagEnd::FootnoteDefinition)) {
                        break;
                    }
                    self.take(event, parser);
                }
                let note = std::mem::replace(&mut self.events, text);
                self.footnotes.define(&label, note);
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                self.events.push(Event::Html(callouts::start(kind).into()));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => {
                self.events.push(Event::Html(callouts::END.into()));
            }
            // A table scrolls sideways in a box of its own that a keyboard can focus.
            Event::Start(Tag::Table(_)) => {
                self.events.push(Event::Html(TABLE_SCROLL_START.into()));
                self.events.push(event);
            }
            Event::End(TagEnd::Table) => {
                self.events.push(event);
                self.events.push(Event::Html("</div>\n".into()));
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let code = collect_text(parser, |end| matches!(end, TagEnd::CodeBlock));
                self.code_block(&kind, &code);
            }
            Event::Start(Tag::Heading { level, .. }) => {
                let inner = collect_events(parser, |end| matches!(end, TagEnd::Heading(_)));
                self.heading(level as u8, inner);
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let inner = collect_events(parser, |end| matches!(end, TagEnd::Image));
                self.image(link_type, dest_url, title, id, inner);
            }
            Event::Start(Tag::Link { ref dest_url, .. }) => {
                self.note_media_link(dest_url);
                self.events.push(event);
            }
            Event::Text(text) => {
                self.words.add(&text);
                self.events.push(Event::Text(text));
            }
            other => self.events.push(other),
        }
    }

    fn code_block(&mut self, kind: &CodeBlockKind, code: &str) {
        self.words.add(code);
        let language = match kind {
            CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or(""),
            CodeBlockKind::Indented => "",
        };
        self.events
            .push(Event::Html(highlight::highlight(code, language).into()));
    }

    /// `<hN id>` with a link to itself, kept in the outline down to `<h3>`.
    fn heading(&mut self, level: u8, inner: Vec<Event<'a>>) {
        for event in &inner {
            if let Event::Start(Tag::Image { dest_url, .. } | Tag::Link { dest_url, .. }) = event {
                self.note_media_link(dest_url);
            }
        }
        let text = plain_text(&inner);
        self.words.add(&text);
        let id = self.heading_ids.next_for(&text);
        if level <= OUTLINE_MAX_LEVEL {
            self.outline.push(Heading {
                level,
                id: id.clone(),
                text: text.trim().to_owned(),
            });
        }
        self.events
            .push(Event::Html(format!("<h{level} id=\"{id}\">").into()));
        self.events.extend(inner);
        self.events.push(Event::Html(
            format!(
                "<a class=\"anchor\" href=\"#{id}\" aria-label=\"Link to this section\">#</a></h{level}>"
            )
            .into(),
        ));
    }

    /// A stored image with its size and copies; any other as CommonMark writes it.
    fn image(
        &mut self,
        link_type: LinkType,
        dest_url: CowStr<'a>,
        title: CowStr<'a>,
        id: CowStr<'a>,
        inner: Vec<Event<'a>>,
    ) {
        let alt = plain_text(&inner);
        self.words.add(&alt);
        self.note_media_link(&dest_url);
        if self.cover_image.is_none() && loadable(&dest_url) {
            self.cover_image = Some(dest_url.to_string());
        }
        if let Some(name) = MediaName::from_url(&dest_url) {
            let html = stored_image(&dest_url, &name, &alt, &title);
            self.events.push(Event::Html(html.into()));
            return;
        }
        self.events.push(Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }));
        self.events.extend(inner);
        self.events.push(Event::End(TagEnd::Image));
    }

    fn note_media_link(&mut self, url: &str) {
        if url.starts_with(crate::server::media::names::URL_PREFIX)
            && self.media_links.len() < MAX_MEDIA_PER_POST
        {
            self.media_links.push(url.to_owned());
        }
    }
}

/// Whether a reader's browser (or a site showing a shared link) may load an image from this
/// address: a path of this site, or http(s). Anything else the allow-list drops anyway.
fn loadable(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    (lower.starts_with('/') && !lower.starts_with("//"))
        || lower.starts_with("https://")
        || lower.starts_with("http://")
}

/// The text of inline events, without their markup.
fn plain_text(events: &[Event]) -> String {
    events
        .iter()
        .filter_map(|event| match event {
            Event::Text(text) | Event::Code(text) => Some(text.as_ref()),
            _ => None,
        })
        .collect()
}

/// `<img>` for a stored image: its size and copies from its name, loaded when scrolled to.
fn stored_image(url: &str, name: &MediaName, alt: &str, title: &str) -> String {
    use html_escape::encode_double_quoted_attribute as attribute;
    let original = name.original();
    let title = if title.is_empty() {
        String::new()
    } else {
        format!(" title=\"{}\"", attribute(title))
    };
    format!(
        "<img src=\"{src}\" srcset=\"{srcset}\" sizes=\"{IMAGE_SIZES}\" width=\"{width}\" \
         height=\"{height}\" alt=\"{alt}\"{title} loading=\"lazy\" decoding=\"async\">",
        src = attribute(url),
        srcset = original.srcset(),
        width = original.width,
        height = original.height,
        alt = attribute(alt),
    )
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

#[cfg(test)]
mod tests;
