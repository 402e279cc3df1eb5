//! Writing front matter: the Zola dialect (TOML between `+++` lines), which import reads back.

use jiff::Timestamp;

use super::FrontMatter;

/// Writes a post as Zola reads it: TOML front matter, a blank line, then the body.
///
/// Every string is written as a one-line basic string (`"a\nb"`), never a multi-line one: a
/// title or description holding a `+++` line would otherwise close the front matter early, for
/// Zola's reader as for ours.
pub fn write(front: &FrontMatter, body: &str) -> String {
    let mut header = String::new();
    write_header(&mut header, front).expect("writing to a String cannot fail");
    format!("+++\n{header}+++\n\n{body}")
}

fn write_header(out: &mut String, front: &FrontMatter) -> std::fmt::Result {
    use toml_writer::{TomlStringBuilder, TomlWrite, WriteTomlValue};

    fn key_value(out: &mut String, key: &str, value: impl WriteTomlValue) -> std::fmt::Result {
        out.key(key)?;
        out.space()?;
        out.keyval_sep()?;
        out.space()?;
        out.value(value)?;
        out.newline()
    }
    let one_line = |text| TomlStringBuilder::new(text).as_basic();
    for (key, text) in [("title", &front.title), ("slug", &front.slug)] {
        if let Some(text) = text.as_deref().filter(|text| !text.is_empty()) {
            key_value(out, key, one_line(text))?;
        }
    }
    for (key, millis) in [("date", front.date), ("updated", front.updated)] {
        if let Some(datetime) = millis.and_then(toml_datetime) {
            // A TOML date-time is written bare, as it displays.
            out.key(key)?;
            out.space()?;
            out.keyval_sep()?;
            out.space()?;
            std::fmt::Write::write_fmt(out, format_args!("{datetime}"))?;
            out.newline()?;
        }
    }
    if let Some(description) = front.description.as_deref().filter(|text| !text.is_empty()) {
        key_value(out, "description", one_line(description))?;
    }
    key_value(out, "draft", front.draft)?;
    out.newline()?;
    out.open_table_header()?;
    out.key("taxonomies")?;
    out.close_table_header()?;
    out.newline()?;
    let tags: Vec<_> = front.tags.iter().map(|tag| one_line(tag)).collect();
    key_value(out, "tags", tags)?;
    let publish_at = front.publish_at.and_then(toml_datetime);
    if publish_at.is_some() || front.page {
        out.newline()?;
        out.open_table_header()?;
        out.key("extra")?;
        out.close_table_header()?;
        out.newline()?;
    }
    if let Some(datetime) = publish_at {
        out.key("publish_at")?;
        out.space()?;
        out.keyval_sep()?;
        out.space()?;
        std::fmt::Write::write_fmt(out, format_args!("{datetime}"))?;
        out.newline()?;
    }
    if front.page {
        key_value(out, "page", true)?;
    }
    Ok(())
}

/// A stored time as a TOML offset date-time in UTC, `2024-01-02T10:00:00Z`.
fn toml_datetime(millis: i64) -> Option<toml::value::Datetime> {
    Timestamp::from_millisecond(millis)
        .ok()?
        .to_string()
        .parse()
        .ok()
}
