//! What an upload's bytes are, and what is refused: any bytes, never a panic, never more
//! pixels than the limits, and what passes decodes and re-encodes within them.
#![no_main]

use blog::server::media::{inspect, process};
use libfuzzer_sys::fuzz_target;

/// Small limits, so a fuzzing run spends its time in the parsers, not in resizing.
const LIMITS: inspect::PixelLimits = inspect::PixelLimits {
    max_pixels: 256 * 256,
    max_side: 1024,
};

fuzz_target!(|bytes: &[u8]| {
    if let Ok(inspected) = inspect::inspect(bytes, LIMITS) {
        assert!(u64::from(inspected.width) * u64::from(inspected.height) <= LIMITS.max_pixels);
        if let Ok(processed) = process::process(bytes, inspected, LIMITS) {
            // What is served is the image encoded afresh, or a bare JPEG every byte of which
            // was looked at.
            assert!(processed.width <= LIMITS.max_side && processed.height <= LIMITS.max_side);
        }
    }
});
