//! What an upload's bytes are, and what is refused: any bytes, never a panic, never more
//! pixels than the limits, and what passes decodes and re-encodes within them.
#![no_main]

use std::cell::Cell;

use blog::server::media::{inspect, process};
use libfuzzer_sys::fuzz_target;

/// Small limits, so a fuzzing run spends its time in the parsers, not in resizing.
const LIMITS: inspect::PixelLimits = inspect::PixelLimits {
    max_pixels: 256 * 256,
    max_side: 1024,
};

thread_local! {
    /// Whether `process::process` is running, which catches a codec's panic.
    static PROCESSING: Cell<bool> = const { Cell::new(false) };
}

fuzz_target!(
    init: {
        // A codec crate that panics inside `process` has found a file it cannot read, and
        // `process` refuses it as damaged (the crate's own test holds one such file). That
        // panic unwinds to its catch instead of ending the run; any other panic (in this
        // crate's code, or a codec's outside `process`) ends it as libFuzzer's hook does.
        let aborting = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let in_a_codec = info
                .location()
                .is_some_and(|at| at.file().contains("/registry/src/"));
            if !(in_a_codec && PROCESSING.with(Cell::get)) {
                aborting(info);
            }
        }));
    },
    |bytes: &[u8]| {
        if let Ok(inspected) = inspect::inspect(bytes, LIMITS) {
            assert!(u64::from(inspected.width) * u64::from(inspected.height) <= LIMITS.max_pixels);
            PROCESSING.with(|processing| processing.set(true));
            let processed = process::process(bytes, inspected, LIMITS);
            PROCESSING.with(|processing| processing.set(false));
            if let Ok(processed) = processed {
                // What is served is the image encoded afresh, or a bare JPEG every byte of
                // which was looked at.
                assert!(processed.width <= LIMITS.max_side && processed.height <= LIMITS.max_side);
            }
        }
    }
);
