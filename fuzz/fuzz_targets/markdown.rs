//! Markdown to HTML: any text renders, and what comes out, read as a browser tokenizes it,
//! holds nothing a browser runs: no script-bearing element, no event handler, no address
//! with a scheme that runs code.
#![no_main]

use std::cell::RefCell;

use blog::server::content::text::markdown;
use html5ever::{
    tendril::StrTendril,
    tokenizer::{BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer},
};
use libfuzzer_sys::fuzz_target;

const ELEMENTS_THAT_RUN: &[&str] = &[
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "form",
    "button", "textarea", "select", "link", "meta", "base", "svg", "math", "template",
];
const ADDRESS_ATTRIBUTES: &[&str] = &["href", "src", "srcset", "action", "formaction", "poster"];
const SCHEMES_THAT_RUN: &[&str] = &["javascript:", "vbscript:", "data:"];

/// Every problem found in the tokens, as text for the assertion's message.
#[derive(Default)]
struct Checker(RefCell<Vec<String>>);

impl TokenSink for Checker {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let Token::TagToken(tag) = token else {
            return TokenSinkResult::Continue;
        };
        if tag.kind == TagKind::EndTag {
            return TokenSinkResult::Continue;
        }
        let mut problems = self.0.borrow_mut();
        let name = tag.name.to_string().to_ascii_lowercase();
        if ELEMENTS_THAT_RUN.contains(&name.as_str()) {
            problems.push(format!("<{name}>"));
        }
        for attribute in &tag.attrs {
            let attribute_name = attribute.name.local.to_string().to_ascii_lowercase();
            if attribute_name.starts_with("on") || attribute_name == "style" {
                problems.push(format!("{attribute_name}= on <{name}>"));
            }
            if ADDRESS_ATTRIBUTES.contains(&attribute_name.as_str()) {
                // A srcset is a list of addresses; every other attribute holds one, where a
                // comma is part of it (`,javascript:x` is a relative path, not a scheme).
                let addresses: Vec<&str> = if attribute_name == "srcset" {
                    attribute.value.split(',').collect()
                } else {
                    vec![&attribute.value[..]]
                };
                for address in addresses {
                    // As a browser's URL parser reads it: C0 controls and spaces trimmed from
                    // both ends, tabs and newlines removed anywhere. Any other control inside
                    // (`javascri\u{8}pt:`) ends the scheme, and the address is a relative path.
                    let scheme: String = address
                        .trim_matches(|c: char| c <= ' ')
                        .chars()
                        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
                        .take(12)
                        .collect::<String>()
                        .to_ascii_lowercase();
                    if SCHEMES_THAT_RUN.iter().any(|bad| scheme.starts_with(bad)) {
                        problems.push(format!("{attribute_name}={address} on <{name}>"));
                    }
                }
            }
        }
        TokenSinkResult::Continue
    }
}

fuzz_target!(|text: &str| {
    let rendered = markdown::render(text);
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(&rendered.html));
    let tokenizer = Tokenizer::new(Checker::default(), Default::default());
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    let problems = tokenizer.sink.0.take();
    assert!(problems.is_empty(), "{problems:?} in {}", rendered.html);
    for heading in &rendered.outline {
        assert!(heading.id.starts_with("h-"), "{}", heading.id);
    }
});
