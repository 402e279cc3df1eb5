//! Search queries and excerpts: any query parses or says why not, and excerpts of any text
//! are cut on character boundaries and bounded.
#![no_main]

use blog::server::content::search::{snippet, terms::SearchQuery};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (&str, &str)| {
    let (query, text) = input;
    let Ok(query) = SearchQuery::parse(query) else {
        return;
    };
    let excerpt = snippet::excerpt(text, &query, 180);
    let shown: usize = excerpt.iter().map(|part| part.text.chars().count()).sum();
    assert!(shown <= 180 + 2, "{shown}");
    let marked = snippet::marked(text, &query);
    let whole: String = marked.iter().map(|part| part.text.as_str()).collect();
    assert_eq!(whole, text);
});
