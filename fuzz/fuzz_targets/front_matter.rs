//! Imported files' front matter (TOML, YAML): any text parses or is refused with a reason,
//! and what parses writes back and parses to the same thing.
#![no_main]

use blog::server::doors::cli::front_matter;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let Ok(document) = front_matter::parse(text) else {
        return;
    };
    let written = front_matter::write(&document.front, &document.body);
    let again = front_matter::parse(&written).expect("what was written parses");
    assert_eq!(again.front.title, document.front.title);
    assert_eq!(again.front.tags, document.front.tags);
});
