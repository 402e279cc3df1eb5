//! The time every rule reads: token expiry, session lifetimes, throttling windows and the
//! dates stored with posts. One clock in the application state, so tests move time forward
//! instead of sleeping, and every rule agrees on what "now" is.

use std::{
    sync::{
        Arc,
        atomic::{AtomicI64, Ordering},
    },
    time::{Duration, SystemTime, UNIX_EPOCH},
};

#[derive(Clone, Debug)]
pub struct Clock(Arc<Source>);

#[derive(Debug)]
enum Source {
    System,
    /// Unix milliseconds, moved only by [`Clock::advance`].
    Manual(AtomicI64),
}

impl Default for Clock {
    fn default() -> Self {
        Self::system()
    }
}

impl Clock {
    /// The operating system's clock.
    pub fn system() -> Self {
        Self(Arc::new(Source::System))
    }

    /// A clock that starts at the system's time and then moves only when told to.
    pub fn manual() -> Self {
        Self(Arc::new(Source::Manual(AtomicI64::new(system_millis()))))
    }

    /// Unix milliseconds.
    pub fn now_millis(&self) -> i64 {
        match &*self.0 {
            Source::System => system_millis(),
            Source::Manual(millis) => millis.load(Ordering::SeqCst),
        }
    }

    /// Unix seconds, as JWT claims count time.
    pub fn now_seconds(&self) -> u64 {
        u64::try_from(self.now_millis() / 1000).unwrap_or_default()
    }

    /// Moves a manual clock forward; the system clock moves by itself and ignores this.
    pub fn advance(&self, by: Duration) {
        if let Source::Manual(millis) = &*self.0 {
            millis.fetch_add(duration_millis(by), Ordering::SeqCst);
        }
    }
}

/// A duration as whole milliseconds, saturating far beyond any lifetime the settings allow.
pub fn duration_millis(duration: Duration) -> i64 {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX / 2)
}

fn system_millis() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(duration_millis)
        .unwrap_or_default()
}

/// Formats a stored time (Unix milliseconds) for the API and for readers.
pub fn moment(millis: i64) -> crate::model::Moment {
    let timestamp =
        jiff::Timestamp::from_millisecond(millis).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    crate::model::Moment {
        millis,
        iso: timestamp.strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string(),
        text: timestamp.strftime("%-d %B %Y").to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manual_clock_moves_only_when_told() {
        let clock = Clock::manual();
        let start = clock.now_millis();
        assert_eq!(clock.now_millis(), start);
        clock.advance(Duration::from_secs(90));
        assert_eq!(clock.now_millis(), start + 90_000);
        assert_eq!(
            clock.now_seconds(),
            u64::try_from((start + 90_000) / 1000).unwrap()
        );
    }
}
