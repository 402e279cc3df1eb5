//! Reading server-rendered HTML as a reader would: the post cards of a list, a post with its
//! byline and tags, the comments, the tag cloud, the pagination. Built on `scraper`; text is
//! what a reader sees (entities decoded, whitespace collapsed).

use axum::http::StatusCode;
use scraper::{ElementRef, Html, Selector};

use super::TestApp;

#[derive(Clone)]
pub struct Page {
    html: Html,
}

/// A link as a reader meets it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub text: String,
    pub href: String,
    pub rel: Option<String>,
    pub aria_current: Option<String>,
    pub title: Option<String>,
}

/// Author, date and reading time under a post's title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Byline {
    pub author: Link,
    /// The `datetime` attribute and the text of the `<time>`.
    pub published: (String, String),
    pub reading_time: String,
}

/// A post in a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Card {
    pub title: Link,
    pub description: Option<String>,
    pub byline: Byline,
    pub tags: Vec<Link>,
}

/// A post on its own page.
#[derive(Debug, Clone)]
pub struct Article {
    pub title: String,
    pub byline: Byline,
    /// The rendered Markdown.
    pub body: Page,
    /// The whole article: header, body and tags.
    pub html: String,
    pub tags: Vec<Link>,
}

/// A comment under a post.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentView {
    pub body: String,
    pub author: Link,
}

impl std::fmt::Debug for Page {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.html.html())
    }
}

fn selector(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|error| panic!("selector {css:?}: {error}"))
}

/// An element's text as shown: entities decoded, runs of whitespace as one space.
fn text_of(element: ElementRef) -> String {
    let text: String = element.text().collect();
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn link(element: ElementRef) -> Link {
    let attribute = |name: &str| element.attr(name).map(str::to_owned);
    Link {
        text: text_of(element),
        href: attribute("href").unwrap_or_default(),
        rel: attribute("rel"),
        aria_current: attribute("aria-current"),
        title: attribute("title"),
    }
}

impl TestApp {
    /// A page that must exist, as a browser gets it.
    pub async fn page(&self, uri: &str) -> Page {
        let reply = self.get(uri).await;
        assert_eq!(reply.status, StatusCode::OK, "{uri}: {}", reply.text());
        reply.page()
    }

    /// The not-found page, with its status, at `uri`; returns it.
    pub async fn assert_not_found_page(&self, uri: &str) -> Page {
        let reply = self.get(uri).await;
        assert_eq!(
            reply.status,
            StatusCode::NOT_FOUND,
            "{uri}: {}",
            reply.text()
        );
        let page = reply.page();
        assert!(page.is_not_found(), "{uri}: {page:?}");
        assert_eq!(page.title(), "Page not found · Test Blog", "{uri}");
        page
    }
}

impl Page {
    /// A whole document.
    pub fn parse(source: &str) -> Self {
        Self {
            html: Html::parse_document(source),
        }
    }

    /// A piece of HTML, such as a post body as stored.
    pub fn fragment(source: &str) -> Self {
        Self {
            html: Html::parse_fragment(source),
        }
    }

    /// The document as HTML again.
    pub fn html(&self) -> String {
        self.html.html()
    }

    fn all<'a>(&'a self, css: &str) -> Vec<ElementRef<'a>> {
        self.html.select(&selector(css)).collect()
    }

    fn first<'a>(&'a self, css: &str) -> ElementRef<'a> {
        self.html
            .select(&selector(css))
            .next()
            .unwrap_or_else(|| panic!("no {css} in {self:?}"))
    }

    pub fn has(&self, css: &str) -> bool {
        self.html.select(&selector(css)).next().is_some()
    }

    pub fn count(&self, css: &str) -> usize {
        self.html.select(&selector(css)).count()
    }

    /// The text of every element `css` picks, in document order.
    pub fn texts(&self, css: &str) -> Vec<String> {
        self.all(css).into_iter().map(text_of).collect()
    }

    /// The text of the first element `css` picks; fails if there is none.
    pub fn text(&self, css: &str) -> String {
        text_of(self.first(css))
    }

    /// An attribute of the first element `css` picks.
    pub fn attr(&self, css: &str, name: &str) -> Option<String> {
        self.all(css)
            .first()
            .and_then(|element| element.attr(name).map(str::to_owned))
    }

    /// Every link `css` picks.
    pub fn links(&self, css: &str) -> Vec<Link> {
        self.all(css).into_iter().map(link).collect()
    }

    /// The text of every element in the page.
    pub fn visible_text(&self) -> String {
        text_of(self.html.root_element())
    }

    /// The browser tab's title.
    pub fn title(&self) -> String {
        self.text("head > title")
    }

    /// The `content` of `<meta name=…>` or `<meta property=…>`.
    pub fn meta(&self, key: &str) -> Option<String> {
        let css = format!("meta[name='{key}'], meta[property='{key}']");
        self.attr(&css, "content")
    }

    /// The outer HTML of the first element `css` picks, as a page of its own.
    pub fn part(&self, css: &str) -> Option<Page> {
        self.all(css)
            .first()
            .map(|element| Page::fragment(&element.html()))
    }

    /// The page's main heading.
    pub fn heading(&self) -> String {
        self.text("main h1")
    }

    pub fn is_not_found(&self) -> bool {
        self.has("section.not-found") && self.heading() == "Page not found"
    }

    /// What a list says when it has nothing to show.
    pub fn empty_list_notice(&self) -> Option<String> {
        self.all("main p.empty")
            .first()
            .map(|element| text_of(*element))
    }

    /// The post cards of a list, in order.
    pub fn cards(&self) -> Vec<Card> {
        self.all("article.post-card")
            .into_iter()
            .map(|card| Card {
                title: link(first_in(card, "h2 a")),
                description: all_in(card, ".post-description")
                    .first()
                    .map(|d| text_of(*d)),
                byline: byline(first_in(card, ".byline")),
                tags: all_in(card, "a.tag").into_iter().map(link).collect(),
            })
            .collect()
    }

    /// The titles of the post cards, in order.
    pub fn card_titles(&self) -> Vec<String> {
        self.cards()
            .into_iter()
            .map(|card| card.title.text)
            .collect()
    }

    /// The post of a post page.
    pub fn article(&self) -> Article {
        let article = self.first("article.post");
        Article {
            title: text_of(first_in(article, "header h1")),
            byline: byline(first_in(article, "header .byline")),
            body: Page::fragment(&first_in(article, ".prose").inner_html()),
            html: article.html(),
            tags: all_in(article, "footer a.tag")
                .into_iter()
                .map(link)
                .collect(),
        }
    }

    /// The comments under a post, oldest first.
    pub fn comments(&self) -> Vec<CommentView> {
        self.all("ol.comment-list > li.comment")
            .into_iter()
            .map(|comment| CommentView {
                body: text_of(first_in(comment, ".comment-body")),
                author: link(first_in(comment, ".byline a")),
            })
            .collect()
    }

    /// The bodies of the comments, oldest first.
    pub fn comment_bodies(&self) -> Vec<String> {
        self.comments().into_iter().map(|c| c.body).collect()
    }

    /// The tag cloud's links, most used first.
    pub fn tag_cloud(&self) -> Vec<Link> {
        self.links("nav.tag-cloud a.tag")
    }

    /// The links to other pages of a list.
    pub fn pagination(&self) -> Vec<Link> {
        self.links("nav.pagination a")
    }

    /// "Page 2 of 3".
    pub fn page_count(&self) -> String {
        self.text("nav.pagination .page-count")
    }
}

fn all_in<'a>(element: ElementRef<'a>, css: &str) -> Vec<ElementRef<'a>> {
    element.select(&selector(css)).collect()
}

fn first_in<'a>(element: ElementRef<'a>, css: &str) -> ElementRef<'a> {
    element
        .select(&selector(css))
        .next()
        .unwrap_or_else(|| panic!("no {css} in {}", element.html()))
}

fn byline(element: ElementRef) -> Byline {
    let time = first_in(element, "time");
    Byline {
        author: link(first_in(element, "a.author")),
        published: (
            time.attr("datetime").unwrap_or_default().to_owned(),
            text_of(time),
        ),
        reading_time: text_of(first_in(element, ".reading-time")),
    }
}

/// Elements a post body or comment must never contain, whatever its author typed.
const FORBIDDEN_ELEMENTS: &[&str] = &[
    "script", "iframe", "frame", "frameset", "style", "object", "embed", "applet", "svg", "math",
    "form", "button", "meta", "link", "base", "textarea", "select",
];

/// Attributes whose value is an address a browser would load or follow.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "srcset",
    "poster",
    "background",
    "cite",
];

impl Page {
    /// Fails with `context` if the HTML holds anything a reader's browser could be made to run:
    /// a script or other active element, an event handler, a style, a `javascript:` address.
    #[track_caller]
    pub fn assert_harmless(&self, context: &str) {
        let html = self.html();
        let lower = html.to_ascii_lowercase();
        for needle in ["<script", "<iframe", "<style", "<object", "<svg", "<form"] {
            assert!(!lower.contains(needle), "{context}: {needle} in {html}");
        }
        assert!(!lower.contains("<meta http-equiv"), "{context}: {html}");
        for element in self.all("*") {
            let tag = element.value();
            assert!(
                !FORBIDDEN_ELEMENTS.contains(&tag.name()),
                "{context}: a <{}> element in {html}",
                tag.name()
            );
            for (attribute, value) in tag.attrs() {
                let attribute = attribute.to_ascii_lowercase();
                let is_handler = attribute.len() > 2
                    && attribute.starts_with("on")
                    && attribute[2..].chars().all(|c| c.is_ascii_lowercase());
                assert!(!is_handler, "{context}: {attribute}= in {}", element.html());
                assert_ne!(attribute, "style", "{context}: in {}", element.html());
                // Browsers ignore whitespace and control characters inside a scheme.
                let address: String = value
                    .to_ascii_lowercase()
                    .chars()
                    .filter(|c| !c.is_whitespace() && !c.is_control())
                    .collect();
                assert!(
                    !address.contains("javascript:"),
                    "{context}: {attribute}={value:?} in {}",
                    element.html()
                );
                if URL_ATTRIBUTES.contains(&attribute.as_str()) {
                    for scheme in ["vbscript:", "data:", "&#"] {
                        assert!(
                            !address.contains(scheme),
                            "{context}: {attribute}={value:?} in {}",
                            element.html()
                        );
                    }
                }
            }
        }
    }
}
