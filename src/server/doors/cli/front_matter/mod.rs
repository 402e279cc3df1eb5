//! Front matter as static site generators write it: TOML between `+++` lines (Zola, Hugo) or
//! YAML between `---` lines (Jekyll, Hugo), then the Markdown body.
//!
//! Each generator names and types the same facts a little differently (`updated` or `lastmod`,
//! `tags` as a list, a space-separated string or under `[taxonomies]`, `draft: true` or
//! `published: false`), so both formats are first read into one neutral [`Value`] tree and the
//! keys are looked up there once. Export writes the Zola dialect, which import reads back.

mod write;

use jiff::{Timestamp, civil, tz::TimeZone};

pub use write::write;

/// What a file says about its post; `None` where it says nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub slug: Option<String>,
    /// Unix milliseconds.
    pub date: Option<i64>,
    /// Unix milliseconds.
    pub updated: Option<i64>,
    pub tags: Vec<String>,
    pub draft: bool,
    pub description: Option<String>,
    /// When a draft publishes itself (Unix milliseconds): `[extra] publish_at`, where Zola
    /// keeps what is a site's own.
    pub publish_at: Option<i64>,
    /// A standalone page rather than a post: `[extra] page = true` as export writes it, or
    /// Jekyll's `layout: page` and Hugo's `type: page`.
    pub page: bool,
}

/// A Markdown file split into its front matter and its body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub front: FrontMatter,
    pub body: String,
}

/// Why a file's front matter could not be read; the message names the key when there is one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FrontMatterError {
    #[error("no front matter: the file must start with a `+++` (TOML) or `---` (YAML) line")]
    Missing,
    #[error("the front matter opened with `{0}` is never closed by another `{0}` line")]
    Unclosed(&'static str),
    #[error("the TOML front matter does not parse: {0}")]
    Toml(String),
    #[error("the YAML front matter does not parse: {0}")]
    Yaml(String),
    #[error("`{key}` {problem}")]
    Key { key: &'static str, problem: String },
}

/// Splits and reads a Markdown file with front matter.
pub fn parse(text: &str) -> Result<Document, FrontMatterError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (first_line, rest) = split_line(text);
    let delimiter = match first_line.trim_end() {
        "+++" => "+++",
        "---" => "---",
        _ => return Err(FrontMatterError::Missing),
    };
    let mut header_len = 0;
    let mut remaining = rest;
    let body = loop {
        if remaining.is_empty() {
            return Err(FrontMatterError::Unclosed(delimiter));
        }
        let (line, after) = split_line(remaining);
        if line.trim_end() == delimiter {
            break after;
        }
        header_len += remaining.len() - after.len();
        remaining = after;
    };
    let header = &rest[..header_len];
    let root = if delimiter == "+++" {
        let table: toml::Table =
            toml::from_str(header).map_err(|error| FrontMatterError::Toml(one_line(&error)))?;
        Value::from_toml(toml::Value::Table(table))
    } else if header.trim().is_empty() {
        Value::Table(Vec::new())
    } else {
        let yaml: serde_norway::Value = serde_norway::from_str(header)
            .map_err(|error| FrontMatterError::Yaml(one_line(&error)))?;
        Value::from_yaml(yaml)
    };
    Ok(Document {
        front: FrontMatter::read(&root)?,
        // Blank lines before the first paragraph mean nothing in Markdown.
        body: body.trim_start_matches(['\n', '\r']).to_owned(),
    })
}

/// Reads the times front matter carries: RFC 3339 (`2024-01-02T10:00:00+01:00`), a date and
/// time without offset (`2024-01-02 10:00:00`, taken as UTC), Jekyll's
/// `2024-01-02 10:00:00 +0100`, or a bare date (`2024-01-02`, midnight UTC).
pub fn parse_time(text: &str) -> Option<i64> {
    let text = text.trim();
    if let Ok(timestamp) = text.parse::<Timestamp>() {
        return Some(timestamp.as_millisecond());
    }
    for format in ["%Y-%m-%d %H:%M:%S %z", "%Y-%m-%d %H:%M %z"] {
        if let Ok(timestamp) =
            jiff::fmt::strtime::parse(format, text).and_then(|parsed| parsed.to_timestamp())
        {
            return Some(timestamp.as_millisecond());
        }
    }
    let civil = text
        .parse::<civil::DateTime>()
        .or_else(|_| text.parse::<civil::Date>().map(|date| date.at(0, 0, 0, 0)))
        .ok()?;
    TimeZone::UTC
        .to_timestamp(civil)
        .ok()
        .map(Timestamp::as_millisecond)
}

fn split_line(text: &str) -> (&str, &str) {
    match text.find('\n') {
        Some(end) => (&text[..end], &text[end + 1..]),
        None => (text, ""),
    }
}

fn one_line(error: &impl std::fmt::Display) -> String {
    error
        .to_string()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// TOML and YAML values reduced to what front matter needs.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    /// Strings, and numbers and dates in their written form.
    Text(String),
    Bool(bool),
    List(Vec<Value>),
    Table(Vec<(String, Value)>),
    Null,
}

impl Value {
    fn from_toml(value: toml::Value) -> Self {
        match value {
            toml::Value::String(text) => Self::Text(text),
            toml::Value::Integer(number) => Self::Text(number.to_string()),
            toml::Value::Float(number) => Self::Text(number.to_string()),
            toml::Value::Boolean(flag) => Self::Bool(flag),
            toml::Value::Datetime(datetime) => Self::Text(datetime.to_string()),
            toml::Value::Array(items) => {
                Self::List(items.into_iter().map(Self::from_toml).collect())
            }
            toml::Value::Table(table) => Self::Table(
                table
                    .into_iter()
                    .map(|(key, value)| (key, Self::from_toml(value)))
                    .collect(),
            ),
        }
    }

    fn from_yaml(value: serde_norway::Value) -> Self {
        use serde_norway::Value as Yaml;
        match value {
            Yaml::Null => Self::Null,
            Yaml::Bool(flag) => Self::Bool(flag),
            Yaml::Number(number) => Self::Text(number.to_string()),
            Yaml::String(text) => Self::Text(text),
            Yaml::Sequence(items) => Self::List(items.into_iter().map(Self::from_yaml).collect()),
            Yaml::Mapping(mapping) => Self::Table(
                mapping
                    .into_iter()
                    .filter_map(|(key, value)| match Self::from_yaml(key) {
                        Self::Text(key) => Some((key, Self::from_yaml(value))),
                        Self::Bool(key) => Some((key.to_string(), Self::from_yaml(value))),
                        _ => None,
                    })
                    .collect(),
            ),
            Yaml::Tagged(tagged) => Self::from_yaml(tagged.value),
        }
    }

    /// The value under `key`, if this is a table that has it and it is not null.
    fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Self::Table(entries) => entries
                .iter()
                .find(|(name, _)| name == key)
                .map(|(_, value)| value)
                .filter(|value| **value != Self::Null),
            _ => None,
        }
    }
}

impl FrontMatter {
    fn read(root: &Value) -> Result<Self, FrontMatterError> {
        let mut tags = tags_in(root, "tags")?;
        if let Some(taxonomies) = root.get("taxonomies") {
            tags.extend(tags_in(taxonomies, "tags")?);
        }
        let draft =
            flag(root, "draft")?.unwrap_or(false) || flag(root, "published")? == Some(false);
        Ok(Self {
            title: text(root, "title")?,
            slug: text(root, "slug")?,
            date: time(root, "date")?,
            updated: match time(root, "updated")? {
                Some(updated) => Some(updated),
                None => time(root, "lastmod")?,
            },
            tags,
            draft,
            description: match text(root, "description")? {
                Some(description) => Some(description),
                None => text(root, "summary")?,
            },
            publish_at: match root.get("extra") {
                Some(extra) => time(extra, "publish_at")?,
                None => None,
            },
            page: match root.get("extra") {
                Some(extra) => flag(extra, "page")?.unwrap_or(false),
                None => false,
            } || root.get("layout") == Some(&Value::Text("page".into()))
                || root.get("type") == Some(&Value::Text("page".into())),
        })
    }
}

fn text(root: &Value, key: &'static str) -> Result<Option<String>, FrontMatterError> {
    match root.get(key) {
        None => Ok(None),
        // `title = ""` says nothing, as a missing title does.
        Some(Value::Text(text)) if text.trim().is_empty() => Ok(None),
        Some(Value::Text(text)) => Ok(Some(text.clone())),
        Some(_) => Err(FrontMatterError::Key {
            key,
            problem: "must be a string".into(),
        }),
    }
}

fn flag(root: &Value, key: &'static str) -> Result<Option<bool>, FrontMatterError> {
    match root.get(key) {
        None => Ok(None),
        Some(Value::Bool(flag)) => Ok(Some(*flag)),
        Some(Value::Text(text)) if text == "true" || text == "false" => Ok(Some(text == "true")),
        Some(_) => Err(FrontMatterError::Key {
            key,
            problem: "must be true or false".into(),
        }),
    }
}

fn time(root: &Value, key: &'static str) -> Result<Option<i64>, FrontMatterError> {
    let Some(written) = text(root, key)? else {
        return Ok(None);
    };
    parse_time(&written)
        .map(Some)
        .ok_or_else(|| FrontMatterError::Key {
            key,
            problem: format!(
                "{written:?} is not a date: use RFC 3339 (2024-01-02T10:00:00Z), \
                 YYYY-MM-DD HH:MM:SS or YYYY-MM-DD"
            ),
        })
}

/// A list of tags, or Jekyll's space-separated string of them.
fn tags_in(table: &Value, key: &'static str) -> Result<Vec<String>, FrontMatterError> {
    let not_tags = || FrontMatterError::Key {
        key,
        problem: "must be a list of strings or a space-separated string".into(),
    };
    match table.get(key) {
        None => Ok(Vec::new()),
        Some(Value::Text(text)) => Ok(text.split_whitespace().map(str::to_owned).collect()),
        Some(Value::List(items)) => items
            .iter()
            .map(|item| match item {
                Value::Text(tag) => Ok(tag.clone()),
                _ => Err(not_tags()),
            })
            .collect(),
        Some(_) => Err(not_tags()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const JAN_2: i64 = 1_704_153_600_000; // 2024-01-02T00:00:00Z

    #[test]
    fn reads_every_way_of_writing_a_time() {
        assert_eq!(parse_time("2024-01-02"), Some(JAN_2));
        assert_eq!(parse_time("2024-01-02T00:00:00Z"), Some(JAN_2));
        assert_eq!(parse_time("2024-01-02 01:00:00"), Some(JAN_2 + 3_600_000));
        assert_eq!(parse_time("2024-01-02T01:00:00+01:00"), Some(JAN_2));
        assert_eq!(parse_time("2024-01-02 01:00:00 +0100"), Some(JAN_2));
        assert_eq!(parse_time("yesterday"), None);
    }

    #[test]
    fn reads_zola_toml() {
        let document = parse(
            "+++\ntitle = \"Hello\"\ndate = 2024-01-02\nupdated = 2024-01-02T00:00:01Z\n\
             draft = true\n[taxonomies]\ntags = [\"rust\", \"web\"]\n+++\n\nBody\n",
        )
        .unwrap();
        assert_eq!(document.front.title.as_deref(), Some("Hello"));
        assert_eq!(document.front.date, Some(JAN_2));
        assert_eq!(document.front.updated, Some(JAN_2 + 1_000));
        assert!(document.front.draft);
        assert_eq!(document.front.tags, ["rust", "web"]);
        assert_eq!(document.body, "Body\n");
    }

    #[test]
    fn reads_jekyll_yaml() {
        let document = parse(
            "---\ntitle: Hello\ndate: 2024-01-02 00:00:00 +0000\ntags: rust web\n\
             published: false\nsummary: Short\n---\nBody",
        )
        .unwrap();
        assert_eq!(document.front.date, Some(JAN_2));
        assert_eq!(document.front.tags, ["rust", "web"]);
        assert!(document.front.draft);
        assert_eq!(document.front.description.as_deref(), Some("Short"));
        assert_eq!(document.body, "Body");
    }

    #[test]
    fn names_the_key_that_is_wrong() {
        let error = parse("+++\ntitle = \"x\"\ndate = \"soon\"\n+++\n").unwrap_err();
        assert!(matches!(error, FrontMatterError::Key { key: "date", .. }));
        assert_eq!(parse("# Just Markdown\n"), Err(FrontMatterError::Missing));
        assert_eq!(
            parse("---\ntitle: x\n"),
            Err(FrontMatterError::Unclosed("---"))
        );
    }

    #[test]
    fn what_it_writes_it_reads_back() {
        let front = FrontMatter {
            title: Some("Quotes \" and \\ slashes".into()),
            slug: Some("quotes".into()),
            date: Some(JAN_2 + 123),
            updated: Some(JAN_2 + 5_000),
            tags: vec!["rust".into(), "C++".into()],
            draft: true,
            description: Some("About it".into()),
            publish_at: Some(JAN_2 + 86_400_000),
            page: true,
        };
        let document = parse(&write(&front, "Body\n\nMore\n")).unwrap();
        assert_eq!(document.front, front);
        let jekyll_page = parse("---\ntitle: About\nlayout: page\n---\n").unwrap();
        assert!(jekyll_page.front.page);
        let post = parse("+++\ntitle = \"x\"\n+++\n").unwrap();
        assert!(!post.front.page);
        assert_eq!(document.body, "Body\n\nMore\n");
        // A blank title says nothing, and nothing is written for it.
        let untitled = parse("---\ntitle: \" \"\n---\n").unwrap().front;
        assert_eq!(untitled.title, None);
        assert_eq!(parse(&write(&untitled, "")).unwrap().front, untitled);
        // A multi-line title holding a `+++` line stays inside the front matter (found by
        // fuzzing: a multi-line TOML string closed the header early).
        let document = parse("---\ntitle: \"+++\n\n:\n\ntagx\"\n---\n}--").unwrap();
        let written = write(&document.front, &document.body);
        assert!(!written.lines().skip(1).take(3).any(|line| line == "+++"));
        assert_eq!(parse(&written).unwrap(), document);
    }
}
