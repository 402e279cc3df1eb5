//! Markdown to HTML: any text renders, and what comes out holds nothing a browser runs.
#![no_main]

use blog::server::content::text::markdown;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let rendered = markdown::render(text);
    let html = rendered.html.to_ascii_lowercase();
    for forbidden in ["<script", "javascript:", "<iframe", "<object", "<style", " onerror=", " onload=", " onclick="] {
        assert!(!html.contains(forbidden), "{forbidden} in {html}");
    }
    for heading in &rendered.outline {
        assert!(heading.id.starts_with("h-"), "{}", heading.id);
    }
});
