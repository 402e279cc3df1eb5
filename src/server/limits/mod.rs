//! Limits on writes, so one account (or one address) cannot post thousands of comments,
//! posts or uploads a minute. Each kind of write has a quota per account, and three times it
//! per client address (an office or a phone network shares one): a burst at once, then a
//! steady rate (GCRA: the `governor` crate in this process, the same algorithm in a Redis
//! script when several servers share the counts). A write past its quota is refused with how
//! long to wait. Reading is never limited here; signing in and up have their own throttle.

mod redis_store;

use std::{net::IpAddr, num::NonZeroU32, sync::Arc, time::Duration};

use governor::{Quota, RateLimiter, nanos::Nanos, state::keyed::DashMapStateStore};

use crate::server::{
    accounts::UserId,
    clock::Clock,
    error::{DomainError, DomainResult},
    settings::{LimitsSettings, WriteQuota},
    shared::Redis,
};

/// The kinds of writes that are limited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Write {
    Comment,
    /// Creating, saving, publishing, restoring or deleting a post.
    Post,
    /// The editor keeping unsaved typing on the server.
    Autosave,
    Upload,
    /// Favorites and follows.
    Reaction,
}

const WRITES: [Write; 5] = [
    Write::Comment,
    Write::Post,
    Write::Autosave,
    Write::Upload,
    Write::Reaction,
];

impl Write {
    fn name(self) -> &'static str {
        match self {
            Self::Comment => "comments",
            Self::Post => "posts",
            Self::Autosave => "autosaves",
            Self::Upload => "uploads",
            Self::Reaction => "reactions",
        }
    }

    fn quota(self, settings: &LimitsSettings) -> WriteQuota {
        match self {
            Self::Comment => settings.comments,
            Self::Post => settings.posts,
            Self::Autosave => settings.autosaves,
            Self::Upload => settings.uploads,
            Self::Reaction => settings.reactions,
        }
    }
}

/// How many times an account's quota one address gets.
const ADDRESS_FACTOR: u32 = 3;

/// Keys kept in memory per limiter before the quiet ones are dropped.
const MAX_KEYS: usize = 100_000;

type Limiter = RateLimiter<
    String,
    DashMapStateStore<String>,
    BlogClock,
    governor::middleware::NoOpMiddleware<Nanos>,
>;

#[derive(Clone)]
pub struct WriteLimits {
    store: Store,
    quotas: Arc<LimitsSettings>,
}

#[derive(Clone)]
enum Store {
    /// One limiter per kind of write and per account or address.
    Memory {
        accounts: Arc<[Limiter; 5]>,
        addresses: Arc<[Limiter; 5]>,
        clock: BlogClock,
    },
    Redis(redis_store::RedisLimits),
}

impl std::fmt::Debug for WriteLimits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WriteLimits").finish_non_exhaustive()
    }
}

impl WriteLimits {
    /// Limits counted in this process, or in Redis when `redis` is given.
    pub fn new(settings: &LimitsSettings, clock: Clock, redis: Option<Redis>) -> Self {
        let store = match redis {
            Some(redis) => Store::Redis(redis_store::RedisLimits::new(redis, clock)),
            None => {
                let clock = BlogClock(clock);
                let limiters = |factor: u32| {
                    WRITES.map(|write| {
                        let quota = quota_of(write.quota(settings), factor);
                        RateLimiter::dashmap_with_clock(quota, clock.clone())
                    })
                };
                Store::Memory {
                    accounts: Arc::new(limiters(1)),
                    addresses: Arc::new(limiters(ADDRESS_FACTOR)),
                    clock,
                }
            }
        };
        Self {
            store,
            quotas: Arc::new(settings.clone()),
        }
    }

    /// Counts one `write` by `account` from `address`, or refuses it with how long to wait.
    pub async fn check(
        &self,
        write: Write,
        account: Option<UserId>,
        address: Option<IpAddr>,
    ) -> DomainResult<()> {
        let account = account.map(|id| id.0.to_string());
        let address = address.map(|address| address.to_string());
        let wait = match &self.store {
            Store::Memory {
                accounts,
                addresses,
                clock,
            } => {
                let index = WRITES.iter().position(|w| *w == write).unwrap_or(0);
                let by_address = address.and_then(|key| wait(&addresses[index], &key, clock));
                by_address.or_else(|| account.and_then(|key| wait(&accounts[index], &key, clock)))
            }
            Store::Redis(redis) => {
                let quota = write.quota(&self.quotas);
                redis
                    .check(write.name(), quota, ADDRESS_FACTOR, account, address)
                    .await?
            }
        };
        match wait {
            Some(retry_after) => Err(DomainError::Throttled { retry_after }),
            None => Ok(()),
        }
    }
}

/// One cell from `key`'s budget, or how long until there is one.
fn wait(limiter: &Limiter, key: &String, clock: &BlogClock) -> Option<Duration> {
    if limiter.len() > MAX_KEYS {
        limiter.retain_recent();
    }
    limiter
        .check_key(key)
        .err()
        .map(|not_until| not_until.wait_time_from(governor::clock::Clock::now(clock)))
}

fn quota_of(quota: WriteQuota, factor: u32) -> Quota {
    let per_minute =
        NonZeroU32::new(quota.per_minute.saturating_mul(factor)).unwrap_or(NonZeroU32::MIN);
    let burst = NonZeroU32::new(quota.burst.saturating_mul(factor)).unwrap_or(NonZeroU32::MIN);
    Quota::per_minute(per_minute).allow_burst(burst)
}

/// The application's clock as `governor` reads time, so the tests' manual clock moves the
/// limits too.
#[derive(Clone, Debug)]
struct BlogClock(Clock);

impl governor::clock::Clock for BlogClock {
    type Instant = Nanos;

    fn now(&self) -> Nanos {
        let millis = u64::try_from(self.0.now_millis()).unwrap_or_default();
        Nanos::from(Duration::from_millis(millis))
    }
}
