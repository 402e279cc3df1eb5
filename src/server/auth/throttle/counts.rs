//! Where the throttle's counts live: in this process (one server), or in Redis, so that
//! attempts made through every server behind a load balancer count together.

use std::{
    collections::HashMap,
    net::IpAddr,
    sync::{Arc, LazyLock, Mutex},
};

use redis::Script;

use crate::server::{
    error::DomainResult,
    shared::{Redis, unavailable},
};

/// Counters kept at most in memory; past it, the oldest quiet ones are dropped first.
const MAX_COUNTERS: usize = 100_000;

/// What is counted: failed sign-ins per account and address, per address and per account,
/// and sign-ups per address.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub enum Counter {
    AccountAndAddress(String, Option<IpAddr>),
    Address(Option<IpAddr>),
    Account(String),
    SignUps(Option<IpAddr>),
}

#[derive(Debug, Clone, Copy)]
pub struct Count {
    pub events: u32,
    pub last_at: i64,
}

impl Count {
    /// Quiet for longer than the window: as if it never happened.
    pub fn forgotten(&self, now: i64, window: i64) -> bool {
        now - self.last_at > window
    }
}

#[derive(Clone, Debug)]
pub enum CountStore {
    Memory(Arc<Mutex<HashMap<Counter, Count>>>),
    Redis(Redis),
}

/// Adds one event to each counter, starting afresh those quiet past the window, and lets
/// Redis forget a counter once it has been quiet that long.
static RECORD: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
        for _, key in ipairs(KEYS) do
            local last = tonumber(redis.call('HGET', key, 'last_at'))
            if last and tonumber(ARGV[1]) - last > tonumber(ARGV[2]) then
                redis.call('DEL', key)
            end
            redis.call('HINCRBY', key, 'events', 1)
            redis.call('HSET', key, 'last_at', ARGV[1])
            redis.call('PEXPIRE', key, ARGV[2])
        end
        return 1
        ",
    )
});

impl CountStore {
    pub fn in_memory() -> Self {
        Self::Memory(Arc::default())
    }

    /// `throttle:<counter as JSON>`: unambiguous whatever an account name holds.
    fn key(redis: &Redis, counter: &Counter) -> String {
        redis.key(format_args!(
            "throttle:{}",
            serde_json::to_string(counter).unwrap_or_default()
        ))
    }

    /// The counts of `counters`, in order; `None` for one never counted (or forgotten).
    pub async fn get(&self, counters: &[Counter]) -> DomainResult<Vec<Option<Count>>> {
        match self {
            Self::Memory(counts) => {
                let counts = counts.lock().expect("throttle counts");
                Ok(counters
                    .iter()
                    .map(|counter| counts.get(counter).copied())
                    .collect())
            }
            Self::Redis(redis) => {
                let mut pipeline = redis::pipe();
                for counter in counters {
                    pipeline
                        .cmd("HMGET")
                        .arg(Self::key(redis, counter))
                        .arg("events")
                        .arg("last_at");
                }
                let mut connection = redis.connection().await?;
                let rows: Vec<(Option<u32>, Option<i64>)> = pipeline
                    .query_async(&mut connection)
                    .await
                    .map_err(unavailable)?;
                Ok(rows
                    .into_iter()
                    .map(|row| match row {
                        (Some(events), Some(last_at)) => Some(Count { events, last_at }),
                        _ => None,
                    })
                    .collect())
            }
        }
    }

    /// One more event on each counter, at `now`.
    pub async fn record(&self, counters: &[Counter], now: i64, window: i64) -> DomainResult<()> {
        match self {
            Self::Memory(counts) => {
                let mut counts = counts.lock().expect("throttle counts");
                for counter in counters {
                    if counts.len() >= MAX_COUNTERS && !counts.contains_key(counter) {
                        make_room(&mut counts, now, window);
                    }
                    let count = counts.entry(counter.clone()).or_insert(Count {
                        events: 0,
                        last_at: now,
                    });
                    if count.forgotten(now, window) {
                        count.events = 0;
                    }
                    count.events = count.events.saturating_add(1);
                    count.last_at = now;
                }
                Ok(())
            }
            Self::Redis(redis) => {
                let mut invocation = RECORD.prepare_invoke();
                for counter in counters {
                    invocation.key(Self::key(redis, counter));
                }
                invocation.arg(now).arg(window.max(1));
                let mut connection = redis.connection().await?;
                invocation
                    .invoke_async::<i64>(&mut connection)
                    .await
                    .map_err(unavailable)?;
                Ok(())
            }
        }
    }

    /// Drops the counters: their owner proved who they are.
    pub async fn forget(&self, counters: &[Counter]) -> DomainResult<()> {
        match self {
            Self::Memory(counts) => {
                let mut counts = counts.lock().expect("throttle counts");
                for counter in counters {
                    counts.remove(counter);
                }
                Ok(())
            }
            Self::Redis(redis) => {
                let keys: Vec<String> = counters
                    .iter()
                    .map(|counter| Self::key(redis, counter))
                    .collect();
                let mut connection = redis.connection().await?;
                redis::cmd("DEL")
                    .arg(keys)
                    .query_async::<i64>(&mut connection)
                    .await
                    .map_err(unavailable)?;
                Ok(())
            }
        }
    }
}

/// Drops the counts past their window; if that is not enough, the oldest tenth.
fn make_room(counts: &mut HashMap<Counter, Count>, now: i64, window: i64) {
    counts.retain(|_, count| !count.forgotten(now, window));
    if counts.len() >= MAX_COUNTERS {
        let mut ages: Vec<i64> = counts.values().map(|count| count.last_at).collect();
        ages.sort_unstable();
        let cutoff = ages[ages.len() / 10];
        counts.retain(|_, count| count.last_at > cutoff);
    }
}
