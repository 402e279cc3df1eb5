//! The progress bar of `import` and `export`: drawn on stderr when a person is watching,
//! hidden when the output goes to a file or a pipe, so logs stay clean.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A bar for `len` steps, labelled with what is being done (`importing`).
pub fn bar(len: usize, doing: &'static str) -> ProgressBar {
    let target = if std::io::stderr().is_terminal() {
        ProgressDrawTarget::stderr()
    } else {
        ProgressDrawTarget::hidden()
    };
    let bar = ProgressBar::with_draw_target(Some(len as u64), target);
    bar.set_style(
        ProgressStyle::with_template("{prefix} [{bar:30}] {pos}/{len} {wide_msg}")
            .expect("a valid progress template")
            .progress_chars("=> "),
    );
    bar.set_prefix(doing);
    bar
}

/// Prints a line to stderr without tearing the bar (`println` on a hidden bar prints nothing).
pub fn report(bar: &ProgressBar, line: &str) {
    bar.suspend(|| eprintln!("{line}"));
}
