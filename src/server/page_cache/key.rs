//! Which requests the page cache answers, and under what key: the reader pages of
//! `model::routes`, each keyed by its path and the values of exactly the query parameters it
//! reads, parsed by the router's own query parser, as the page parses them. So no spelling of
//! a query (`%70age`, a name given twice, an escaped value) can make one page be kept under
//! another's key, and a page that starts reading a new parameter has it in its key at once.

use axum::http::Uri;
use leptos_router::location::RequestUrl;

use crate::{model::routes::ReaderPage, server::changes::Change};

/// The cache key of a reader page and what it shows, or `None` for anything else.
pub fn reader_page(uri: &Uri) -> Option<(String, Vec<Change>)> {
    let page = ReaderPage::at(uri.path())?;
    let key = key(uri, page.reads());
    Some((key, shows(&page)))
}

/// The changes that make a reader page stale.
fn shows(page: &ReaderPage) -> Vec<Change> {
    match page {
        ReaderPage::Home | ReaderPage::Tag(_) => vec![Change::Lists],
        ReaderPage::Profile(name) | ReaderPage::ProfileFavorites(name) => {
            vec![Change::Lists, Change::profile(name)]
        }
        ReaderPage::Post(slug) => vec![Change::Post(slug.clone()), Change::PostLinks],
        ReaderPage::Page(slug) => vec![Change::Post(slug.clone())],
    }
}

/// The path, then each of `reads` with the value the page reads for it (none: absent).
fn key(uri: &Uri, reads: &[&str]) -> String {
    let mut key = uri.path().to_owned();
    if reads.is_empty() {
        return key;
    }
    let as_read = uri
        .path_and_query()
        .map(|whole| RequestUrl::new(whole.as_str()))
        .and_then(|url| url.parse().ok());
    for (index, name) in reads.iter().enumerate() {
        key.push(if index == 0 { '?' } else { '&' });
        key.push_str(name);
        if let Some(value) = as_read
            .as_ref()
            .and_then(|url| url.search_params().get_str(name))
        {
            // Escaped, so a value cannot pose as another parameter of the key.
            key.push('=');
            key.push_str(&crate::model::routes::query_value(value));
        }
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key_of(uri: &str) -> String {
        reader_page(&uri.parse().unwrap()).unwrap().0
    }

    #[test]
    fn only_reader_pages_are_kept_under_the_query_they_read() {
        assert_eq!(key_of("/?utm=x&page=2"), "/?page=2");
        assert_eq!(key_of("/post/hello?page=3"), "/post/hello?comments");
        assert_eq!(
            reader_page(&"/post/hello".parse().unwrap()).unwrap().1,
            vec![Change::Post("hello".into()), Change::PostLinks]
        );
        assert_eq!(
            reader_page(&"/profile/Alice/favorites".parse().unwrap())
                .unwrap()
                .1,
            vec![Change::Lists, Change::Profile("alice".into())]
        );
        for other in [
            "/editor",
            "/drafts",
            "/post/a/b",
            "/following",
            "/profile/alice/drafts",
            "/api/articles",
            "/settings",
        ] {
            assert_eq!(reader_page(&other.parse().unwrap()), None, "{other}");
        }
    }

    #[test]
    fn a_query_is_keyed_as_the_page_reads_it_however_it_is_spelled() {
        assert_eq!(key_of("/?%70age=100000"), key_of("/?page=100000"));
        assert_eq!(key_of("/post/x?%63omments=9"), key_of("/post/x?comments=9"));
        // The router takes the last of repeated names, and decodes a value twice.
        assert_eq!(key_of("/?page=1&page=7"), key_of("/?page=7"));
        assert_eq!(key_of("/?page=%2532"), key_of("/?page=2"));
        assert_ne!(key_of("/?page=2"), key_of("/"));
        assert_ne!(key_of("/?page=2%26x"), key_of("/?page=2"));
    }

    #[test]
    fn a_parameter_a_page_starts_reading_is_in_its_key_without_a_change_here() {
        let uri: Uri = "/?page=2&sort=oldest".parse().unwrap();
        assert_ne!(key(&uri, &["page", "sort"]), key(&uri, &["page"]));
        let other: Uri = "/?page=2&sort=newest".parse().unwrap();
        assert_ne!(key(&uri, &["page", "sort"]), key(&other, &["page", "sort"]));
    }
}
