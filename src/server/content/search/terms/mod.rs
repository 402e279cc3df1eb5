//! How text becomes search terms, made here for SQLite and PostgreSQL alike: the databases
//! only store and match these terms, so both answer a query the same way, whatever their
//! tokenizer or locale.
//!
//! Words of alphabetic scripts are lowercased runs of letters and digits. Chinese and
//! Japanese are written without spaces, so a run of their characters becomes overlapping
//! pairs followed by its last character alone ("搜索引擎" → 搜索 索引 引擎 擎): any two or
//! more characters of the run are then a phrase of consecutive pairs, and a single character
//! starts some term. No dictionary, nothing guessed about the language.

/// Bumped whenever the rules below change what an indexed text yields; a server that finds
/// an index built with another version rebuilds it.
pub const VERSION: i64 = 2;

/// Longer words are cut to this many characters, when indexed and when searched.
const WORD_MAX_CHARS: usize = 32;
/// PostgreSQL keeps positions up to 16,383; terms past it are not indexed, on either database.
pub const MAX_POSITION: usize = 16_383;
/// A tsvector holds at most 1 MB; the distinct terms of one post are kept well under it.
const MAX_DISTINCT_TERM_BYTES: usize = 512 * 1024;

/// The most characters a query may have, and the most words or phrases in it.
pub const QUERY_MAX_CHARS: usize = 200;
pub const QUERY_MAX_PARTS: usize = 12;

/// Characters of scripts written without spaces between words (their letters: the
/// punctuation in these blocks, such as `・`, separates like any other).
pub fn is_unspaced(c: char) -> bool {
    c.is_alphanumeric()
        && matches!(c as u32,
            0x3005..=0x3007        // 々 〆 〇
            | 0x3040..=0x30FF      // Hiragana, Katakana
            | 0x31F0..=0x31FF      // Katakana extensions
            | 0x3400..=0x4DBF      // CJK extension A
            | 0x4E00..=0x9FFF      // CJK unified ideographs
            | 0xAC00..=0xD7AF      // Hangul syllables
            | 0xF900..=0xFAFF      // CJK compatibility ideographs
            | 0xFF66..=0xFF9D      // half-width Katakana
            | 0x20000..=0x3134F    // CJK extensions B to G
        )
}

/// One run of text: a word, or a run of unspaced characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Run {
    Word(String),
    Unspaced(Vec<char>),
}

/// The runs of `text`, in order, lowercased.
pub fn runs(text: &str) -> Vec<Run> {
    let mut runs = Vec::new();
    let mut word = String::new();
    let mut unspaced = Vec::new();
    for c in text.chars() {
        if is_unspaced(c) {
            end_word(&mut word, &mut runs);
            unspaced.push(c);
        } else if c.is_alphanumeric() {
            end_unspaced(&mut unspaced, &mut runs);
            word.extend(c.to_lowercase());
        } else {
            end_word(&mut word, &mut runs);
            end_unspaced(&mut unspaced, &mut runs);
        }
    }
    end_word(&mut word, &mut runs);
    end_unspaced(&mut unspaced, &mut runs);
    runs
}

fn end_word(word: &mut String, runs: &mut Vec<Run>) {
    if !word.is_empty() {
        let cut: String = word.chars().take(WORD_MAX_CHARS).collect();
        runs.push(Run::Word(cut));
        word.clear();
    }
}

fn end_unspaced(chars: &mut Vec<char>, runs: &mut Vec<Run>) {
    if !chars.is_empty() {
        runs.push(Run::Unspaced(std::mem::take(chars)));
    }
}

/// Consecutive pairs of a run of unspaced characters.
fn pairs(chars: &[char]) -> impl Iterator<Item = String> + '_ {
    chars.windows(2).map(|pair| pair.iter().collect())
}

/// The terms a run is indexed as, in order.
fn run_terms(run: &Run) -> Vec<String> {
    match run {
        Run::Word(word) => vec![word.clone()],
        Run::Unspaced(chars) => {
            let mut terms: Vec<String> = pairs(chars).collect();
            terms.extend(chars.last().map(|c| c.to_string()));
            terms
        }
    }
}

/// The parts of a post that are searched, most telling first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Title,
    Tags,
    Description,
    Body,
}

impl Field {
    pub const ALL: [Field; 4] = [Field::Title, Field::Tags, Field::Description, Field::Body];

    /// PostgreSQL's weight label; `ts_rank` weighs A most.
    pub fn weight(self) -> char {
        match self {
            Field::Title => 'A',
            Field::Tags => 'B',
            Field::Description => 'C',
            Field::Body => 'D',
        }
    }
}

/// The terms of each field of a document, numbered across the document (1 upwards, a gap
/// between fields so no phrase spans two), cut off at [`MAX_POSITION`] and at the budget of
/// distinct terms.
#[derive(Debug, Default)]
pub struct DocumentTerms {
    pub fields: Vec<(Field, Vec<(usize, String)>)>,
}

impl DocumentTerms {
    pub fn of(texts: [(Field, &str); 4]) -> Self {
        let mut position = 0;
        let mut distinct = std::collections::HashSet::new();
        let mut distinct_bytes = 0;
        let mut fields = Vec::with_capacity(texts.len());
        for (field, text) in texts {
            let mut terms = Vec::new();
            'runs: for run in runs(text) {
                for term in run_terms(&run) {
                    position += 1;
                    if position > MAX_POSITION {
                        break 'runs;
                    }
                    if !distinct.contains(&term) {
                        if distinct_bytes + term.len() > MAX_DISTINCT_TERM_BYTES {
                            break 'runs;
                        }
                        distinct_bytes += term.len();
                        distinct.insert(term.clone());
                    }
                    terms.push((position, term));
                }
            }
            position += 1;
            fields.push((field, terms));
        }
        Self { fields }
    }

    /// One field's terms, space-separated, as FTS5 stores them.
    pub fn joined(&self, field: Field) -> String {
        self.fields
            .iter()
            .filter(|(f, _)| *f == field)
            .flat_map(|(_, terms)| terms.iter().map(|(_, term)| term.as_str()))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The document as a PostgreSQL `tsvector` literal: `'term':1A,7D …`.
    pub fn tsvector(&self) -> String {
        use std::collections::BTreeMap;
        /// PostgreSQL keeps at most 256 positions of one term.
        const MAX_POSITIONS_PER_TERM: usize = 256;
        let mut positions: BTreeMap<&str, Vec<(usize, char)>> = BTreeMap::new();
        for (field, terms) in &self.fields {
            for (position, term) in terms {
                let list = positions.entry(term).or_default();
                if list.len() < MAX_POSITIONS_PER_TERM {
                    list.push((*position, field.weight()));
                }
            }
        }
        let mut literal = String::new();
        for (term, list) in positions {
            if !literal.is_empty() {
                literal.push(' ');
            }
            push_quoted(&mut literal, term);
            literal.push(':');
            let list: Vec<String> = list
                .iter()
                .map(|(position, weight)| format!("{position}{weight}"))
                .collect();
            literal.push_str(&list.join(","));
        }
        literal
    }
}

/// `'term'`, with quotes and backslashes escaped as tsvector and tsquery input wants them.
fn push_quoted(out: &mut String, term: &str) {
    out.push('\'');
    for c in term.chars() {
        if c == '\'' || c == '\\' {
            out.push(c);
        }
        out.push(c);
    }
    out.push('\'');
}

/// One part of a query: a word, or a phrase of consecutive terms; `prefix` matches terms
/// that start with the last one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryPart {
    pub terms: Vec<String>,
    pub prefix: bool,
    /// What to mark in a snippet, lowercased.
    pub needle: Needle,
}

/// Where a part shows in text: a word starting at a word boundary (the whole word unless it
/// is a prefix), or a run of unspaced characters anywhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Needle {
    Word { text: String, whole: bool },
    Unspaced(String),
}

/// A query every part of which a post must match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchQuery {
    pub parts: Vec<QueryPart>,
}

/// Why a query cannot run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryProblem {
    TooLong,
    TooManyParts,
    NothingToSearch,
}

impl SearchQuery {
    /// Reads what a reader typed. Every part must match; the last word also matches longer
    /// words it starts (so results follow the typing), when it has two letters or more.
    pub fn parse(text: &str) -> Result<Self, QueryProblem> {
        if text.chars().count() > QUERY_MAX_CHARS {
            return Err(QueryProblem::TooLong);
        }
        let runs = runs(text);
        if runs.is_empty() {
            return Err(QueryProblem::NothingToSearch);
        }
        if runs.len() > QUERY_MAX_PARTS {
            return Err(QueryProblem::TooManyParts);
        }
        let last = runs.len() - 1;
        let parts = runs
            .into_iter()
            .enumerate()
            .map(|(index, run)| match run {
                Run::Word(word) => {
                    let prefix = index == last && word.chars().count() >= 2;
                    QueryPart {
                        terms: vec![word.clone()],
                        prefix,
                        needle: Needle::Word {
                            text: word,
                            whole: !prefix,
                        },
                    }
                }
                Run::Unspaced(chars) if chars.len() == 1 => QueryPart {
                    terms: vec![chars[0].to_string()],
                    prefix: true,
                    needle: Needle::Unspaced(chars[0].to_string()),
                },
                Run::Unspaced(chars) => QueryPart {
                    terms: pairs(&chars).collect(),
                    prefix: false,
                    needle: Needle::Unspaced(chars.iter().collect()),
                },
            })
            .collect();
        Ok(Self { parts })
    }

    /// The query in FTS5's syntax: `"rust"* AND "搜索 索引"`. Terms hold only letters and
    /// digits, so quoting them is all the escaping they need.
    pub fn fts5(&self) -> String {
        self.parts
            .iter()
            .map(|part| {
                let star = if part.prefix { "*" } else { "" };
                format!("\"{}\"{star}", part.terms.join(" "))
            })
            .collect::<Vec<_>>()
            .join(" AND ")
    }

    /// The query as a PostgreSQL `tsquery` literal: `'rust':* & ('搜索' <-> '索引')`.
    pub fn tsquery(&self) -> String {
        self.parts
            .iter()
            .map(|part| {
                let mut phrase = String::from("(");
                for (index, term) in part.terms.iter().enumerate() {
                    if index > 0 {
                        phrase.push_str(" <-> ");
                    }
                    push_quoted(&mut phrase, term);
                }
                if part.prefix {
                    phrase.push_str(":*");
                }
                phrase.push(')');
                phrase
            })
            .collect::<Vec<_>>()
            .join(" & ")
    }
}

#[cfg(test)]
mod tests;
