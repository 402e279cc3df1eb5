//! Where the throttle's counts live: in this process (one server), or in Redis, so that
//! attempts made through every server behind a load balancer count together.

use std::{
    collections::HashMap,
    net::IpAddr,
    sync::{Arc, LazyLock, Mutex},
    time::Duration,
};

use redis::Script;

use crate::server::{
    clock::duration_millis,
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
    /// Wrong second-factor codes for an account, from anywhere: forgotten only when one is
    /// right, so a thief who knows the password cannot reset it by signing in again.
    SecondFactor(String),
    SignUps(Option<IpAddr>),
    ResetRequests(Option<IpAddr>),
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

/// How long the next event on a counter must still wait, if at all: free for `free` events
/// in a window, then 1 s, 2 s, 4 s… after the last one, at most `cap`.
pub fn wait(count: &Count, free: u32, cap: Duration, now: i64, window: i64) -> Option<Duration> {
    if count.forgotten(now, window) || count.events < free.max(1) {
        return None;
    }
    let doublings = (count.events - free.max(1)).min(30);
    let back_off = Duration::from_secs(1u64 << doublings).min(cap);
    let until = count.last_at + duration_millis(back_off);
    (until > now).then(|| Duration::from_millis(u64::try_from(until - now).unwrap_or(0)))
}

/// A counter, and its budget: events free in a window, and the longest wait past them.
#[derive(Debug, Clone)]
pub struct Budgeted {
    pub counter: Counter,
    pub free: u32,
    pub cap: Duration,
}

/// Checks every counter and, only when none must wait, adds one event to each, in one step:
/// of many attempts at once, exactly as many pass as the budgets allow. Returns the longest
/// wait when refused (and counts nothing then). The same rules as [`wait`].
static RESERVE: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
        local now = tonumber(ARGV[1])
        local window = tonumber(ARGV[2])
        local longest = 0
        for i, key in ipairs(KEYS) do
            local free = math.max(tonumber(ARGV[1 + 2 * i]), 1)
            local cap = tonumber(ARGV[2 + 2 * i])
            local events = tonumber(redis.call('HGET', key, 'events'))
            local last = tonumber(redis.call('HGET', key, 'last_at'))
            if events and last and now - last <= window and events >= free then
                local doublings = math.min(events - free, 30)
                local until_at = last + math.min(1000 * 2 ^ doublings, cap)
                if until_at - now > longest then longest = until_at - now end
            end
        end
        if longest > 0 then return longest end
        for _, key in ipairs(KEYS) do
            local last = tonumber(redis.call('HGET', key, 'last_at'))
            if last and now - last > window then redis.call('DEL', key) end
            redis.call('HINCRBY', key, 'events', 1)
            redis.call('HSET', key, 'last_at', now)
            redis.call('PEXPIRE', key, window)
        end
        return 0
        ",
    )
});

/// Takes one event back from each counter (never below none).
static GIVE_BACK: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
        for _, key in ipairs(KEYS) do
            local events = tonumber(redis.call('HGET', key, 'events'))
            if events and events > 0 then redis.call('HINCRBY', key, 'events', -1) end
        end
        return 1
        ",
    )
});

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
                add_one(&mut counts, counters.iter(), now, window);
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

    /// One event more on every counter, unless one of them must wait (then none, and the
    /// longest wait): all at once, whatever else is counted meanwhile.
    pub async fn reserve(
        &self,
        counters: &[Budgeted],
        now: i64,
        window: i64,
    ) -> DomainResult<Option<Duration>> {
        match self {
            Self::Memory(counts) => {
                let mut counts = counts.lock().expect("throttle counts");
                let longest = counters
                    .iter()
                    .filter_map(|budgeted| {
                        let count = counts.get(&budgeted.counter)?;
                        wait(count, budgeted.free, budgeted.cap, now, window)
                    })
                    .max();
                if longest.is_none() {
                    add_one(
                        &mut counts,
                        counters.iter().map(|b| &b.counter),
                        now,
                        window,
                    );
                }
                Ok(longest)
            }
            Self::Redis(redis) => {
                let mut invocation = RESERVE.prepare_invoke();
                invocation.arg(now).arg(window.max(1));
                for budgeted in counters {
                    invocation
                        .key(Self::key(redis, &budgeted.counter))
                        .arg(budgeted.free)
                        .arg(duration_millis(budgeted.cap));
                }
                let mut connection = redis.connection().await?;
                let longest: i64 = invocation
                    .invoke_async(&mut connection)
                    .await
                    .map_err(unavailable)?;
                Ok((longest > 0).then(|| Duration::from_millis(longest.unsigned_abs())))
            }
        }
    }

    /// Takes back one event from each counter: what a reservation counted turned out fine.
    pub async fn give_back(&self, counters: &[Counter]) -> DomainResult<()> {
        match self {
            Self::Memory(counts) => {
                let mut counts = counts.lock().expect("throttle counts");
                for counter in counters {
                    if let Some(count) = counts.get_mut(counter) {
                        count.events = count.events.saturating_sub(1);
                    }
                }
                Ok(())
            }
            Self::Redis(redis) => {
                let mut invocation = GIVE_BACK.prepare_invoke();
                for counter in counters {
                    invocation.key(Self::key(redis, counter));
                }
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

/// One event more on each counter, starting afresh those quiet past the window.
fn add_one<'a>(
    counts: &mut HashMap<Counter, Count>,
    counters: impl Iterator<Item = &'a Counter>,
    now: i64,
    window: i64,
) {
    for counter in counters {
        if counts.len() >= MAX_COUNTERS && !counts.contains_key(counter) {
            make_room(counts, now, window);
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
