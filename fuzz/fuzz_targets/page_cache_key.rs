//! The page cache's keys: any address either is a reader page or not, and a reader page's key
//! holds its path and only the parameters the page reads.
#![no_main]

use blog::{model::routes::ReaderPage, server::page_cache::reader_page};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|address: &str| {
    let Ok(uri) = address.parse::<http::Uri>() else {
        return;
    };
    let Some((key, _shows)) = reader_page(&uri) else {
        return;
    };
    let page = ReaderPage::at(uri.path()).expect("a reader page's path reads back");
    assert!(key.starts_with(uri.path()), "{key}");
    let query = &key[uri.path().len()..];
    for pair in query
        .trim_start_matches('?')
        .split('&')
        .filter(|pair| !pair.is_empty())
    {
        let name = pair.split('=').next().unwrap_or_default();
        assert!(page.reads().contains(&name), "{name} in {key}");
    }
});
