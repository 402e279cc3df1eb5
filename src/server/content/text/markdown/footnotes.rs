//! Footnotes as GitHub writes them (`text[^1]` and `[^1]: the note`): numbered in the order
//! they are first referred to, gathered at the end of the post in a list that links back, and
//! left out when nothing refers to them. Their ids (`h-fn_1`, `h-fnref_1`) carry the heading
//! prefix the allow-list keeps, with an underscore no heading's id can have.

use std::collections::HashMap;

use pulldown_cmark::{CowStr, Event};

/// A note's id, referred to from the text.
pub const NOTE_ID_PREFIX: &str = "h-fn_";
/// The first reference's id, which the note links back to.
pub const REFERENCE_ID_PREFIX: &str = "h-fnref_";

/// Footnotes met so far: the numbers given to labels, and the notes' rendered events.
#[derive(Default)]
pub struct Footnotes<'a> {
    numbers: HashMap<String, usize>,
    notes: HashMap<String, Vec<Event<'a>>>,
}

impl<'a> Footnotes<'a> {
    /// The reference in the text: a superscript number linking to its note. The first
    /// reference to a note gets the id the note links back to.
    pub fn reference(&mut self, label: &str) -> Event<'a> {
        let next = self.numbers.len() + 1;
        let (number, first) = match self.numbers.get(label) {
            Some(number) => (*number, false),
            None => {
                self.numbers.insert(label.to_owned(), next);
                (next, true)
            }
        };
        let id = if first {
            format!(" id=\"{REFERENCE_ID_PREFIX}{number}\"")
        } else {
            String::new()
        };
        Event::Html(CowStr::from(format!(
            "<sup class=\"footnote-ref\"><a href=\"#{NOTE_ID_PREFIX}{number}\"{id}>{number}</a></sup>"
        )))
    }

    /// A note's text, rendered; a label defined twice keeps its first text.
    pub fn define(&mut self, label: &str, events: Vec<Event<'a>>) {
        self.notes.entry(label.to_owned()).or_insert(events);
    }

    /// The notes referred to, in their numbers' order, as the list that ends the post.
    pub fn section(mut self) -> Vec<Event<'a>> {
        let mut referred: Vec<(usize, String)> = self
            .numbers
            .iter()
            .map(|(label, number)| (*number, label.clone()))
            .collect();
        referred.sort_unstable();
        let mut events = Vec::new();
        for (number, label) in referred {
            let Some(note) = self.notes.remove(&label) else {
                continue;
            };
            if events.is_empty() {
                events.push(Event::Html(CowStr::from(
                    "<div class=\"footnotes\"><hr><ol>",
                )));
            }
            events.push(Event::Html(CowStr::from(format!(
                "<li id=\"{NOTE_ID_PREFIX}{number}\" value=\"{number}\">"
            ))));
            events.extend(note);
            events.push(Event::Html(CowStr::from(format!(
                " <a class=\"footnote-back\" href=\"#{REFERENCE_ID_PREFIX}{number}\" \
                 aria-label=\"Back to the text\">↩</a></li>"
            ))));
        }
        if !events.is_empty() {
            events.push(Event::Html(CowStr::from("</ol></div>")));
        }
        events
    }
}
