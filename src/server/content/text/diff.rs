//! Line differences between two versions of a post body, for revisions: how many lines a
//! save added and removed, and the changed lines with a little context for the history's
//! comparison. Myers' algorithm (the `similar` crate) under a deadline, so two long, wholly
//! different bodies cost a bounded time: past it, the difference is coarser but still right.
//! CPU work: callers run it on the blocking pool.

use std::time::{Duration, Instant};

use similar::{ChangeTag, TextDiff};

use crate::model::{DiffLine, LineChange};

/// Longest a difference may take before it settles for a coarser one.
const DEADLINE: Duration = Duration::from_millis(500);

/// Unchanged lines shown around each change.
const CONTEXT_LINES: usize = 3;

/// Lines added and removed going from `before` to `after`.
pub fn line_counts(before: &str, after: &str) -> (u32, u32) {
    if before == after {
        return (0, 0);
    }
    let diff = TextDiff::configure()
        .deadline(Instant::now() + DEADLINE)
        .diff_lines(before, after);
    let (mut added, mut removed) = (0u32, 0u32);
    for change in diff.iter_all_changes() {
        match change.tag() {
            ChangeTag::Insert => added = added.saturating_add(1),
            ChangeTag::Delete => removed = removed.saturating_add(1),
            ChangeTag::Equal => {}
        }
    }
    (added, removed)
}

/// The changed lines with [`CONTEXT_LINES`] around each, unchanged stretches between them
/// marked as skipped; and whether the deadline made the difference coarse.
pub fn lines(before: &str, after: &str) -> (Vec<DiffLine>, bool) {
    if before == after {
        return (Vec::new(), false);
    }
    let deadline = Instant::now() + DEADLINE;
    let diff = TextDiff::configure()
        .deadline(deadline)
        .diff_lines(before, after);
    let approximate = Instant::now() >= deadline;
    let mut lines = Vec::new();
    for (index, group) in diff.grouped_ops(CONTEXT_LINES).iter().enumerate() {
        if index > 0 {
            lines.push(DiffLine {
                change: LineChange::Skipped,
                old_line: None,
                new_line: None,
                text: String::new(),
            });
        }
        for op in group {
            for change in diff.iter_changes(op) {
                lines.push(DiffLine {
                    change: match change.tag() {
                        ChangeTag::Equal => LineChange::Same,
                        ChangeTag::Insert => LineChange::Added,
                        ChangeTag::Delete => LineChange::Removed,
                    },
                    old_line: change.old_index().map(line_number),
                    new_line: change.new_index().map(line_number),
                    text: change.value().trim_end_matches(['\n', '\r']).to_owned(),
                });
            }
        }
    }
    (lines, approximate)
}

fn line_number(index: usize) -> u32 {
    u32::try_from(index + 1).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_lines_follow_the_edit() {
        let before = "one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\n";
        let after = "one\n2\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\neleven\n";
        assert_eq!(line_counts(before, after), (2, 1));
        let (lines, approximate) = lines(before, after);
        assert!(!approximate);
        let shown: Vec<(LineChange, &str)> = lines
            .iter()
            .map(|line| (line.change, line.text.as_str()))
            .collect();
        assert_eq!(
            shown,
            [
                (LineChange::Same, "one"),
                (LineChange::Removed, "two"),
                (LineChange::Added, "2"),
                (LineChange::Same, "three"),
                (LineChange::Same, "four"),
                (LineChange::Same, "five"),
                (LineChange::Skipped, ""),
                (LineChange::Same, "eight"),
                (LineChange::Same, "nine"),
                (LineChange::Same, "ten"),
                (LineChange::Added, "eleven"),
            ]
        );
        assert_eq!(lines[2].new_line, Some(2));
        assert_eq!(lines[1].old_line, Some(2));
        assert_eq!(line_counts("same", "same"), (0, 0));
        assert!(super::lines("same", "same").0.is_empty());
    }
}
