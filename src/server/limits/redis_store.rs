//! The write limits in Redis, so that writes through every server behind a load balancer count
//! together: GCRA (as `governor` computes it), one key per kind of write and account or
//! address, checked and counted in one script.

use std::{sync::LazyLock, time::Duration};

use redis::Script;

use crate::server::{
    clock::Clock,
    error::DomainResult,
    settings::WriteQuota,
    shared::{Redis, unavailable},
};

/// For each key, with its emission interval `T` and burst tolerance `tau` (milliseconds): the
/// theoretical arrival time `tat` may be at most `tau` ahead of now. When every key has room,
/// each moves its `tat` on by `T` (and expires once it is fully replenished); otherwise none
/// does, and the script answers the longest wait.
static GCRA: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
        local now = tonumber(ARGV[1])
        local longest = 0
        for i, key in ipairs(KEYS) do
            local interval = tonumber(ARGV[2 * i])
            local tolerance = tonumber(ARGV[2 * i + 1])
            local tat = math.max(tonumber(redis.call('GET', key)) or now, now)
            local wait = tat - tolerance - now
            if wait > longest then longest = wait end
        end
        if longest > 0 then return longest end
        for i, key in ipairs(KEYS) do
            local interval = tonumber(ARGV[2 * i])
            local tat = math.max(tonumber(redis.call('GET', key)) or now, now) + interval
            redis.call('SET', key, tat, 'PX', math.max(tat - now, 1))
        end
        return 0
        ",
    )
});

#[derive(Clone)]
pub struct RedisLimits {
    redis: Redis,
    clock: Clock,
}

impl RedisLimits {
    pub fn new(redis: Redis, clock: Clock) -> Self {
        Self { redis, clock }
    }

    /// Counts one write of `kind` on the account's and the address's keys (the address gets
    /// `address_factor` times the quota), or gives the longest wait.
    pub async fn check(
        &self,
        kind: &str,
        quota: WriteQuota,
        address_factor: u32,
        account: Option<String>,
        address: Option<String>,
    ) -> DomainResult<Option<Duration>> {
        let mut invocation = GCRA.prepare_invoke();
        invocation.arg(self.clock.now_millis());
        let mut keys = 0;
        for (scope, id, factor) in [
            ("account", account, 1),
            ("address", address, address_factor),
        ] {
            let Some(id) = id else { continue };
            let (interval, tolerance) = gcra(quota, factor);
            invocation
                .key(self.redis.key(format_args!("limit:{kind}:{scope}:{id}")))
                .arg(interval)
                .arg(tolerance);
            keys += 1;
        }
        if keys == 0 {
            return Ok(None);
        }
        let mut connection = self.redis.connection().await?;
        let longest: i64 = invocation
            .invoke_async(&mut connection)
            .await
            .map_err(unavailable)?;
        Ok((longest > 0).then(|| Duration::from_millis(longest.unsigned_abs())))
    }
}

/// The emission interval and the burst tolerance, in milliseconds.
fn gcra(quota: WriteQuota, factor: u32) -> (i64, i64) {
    let per_minute = i64::from(quota.per_minute.saturating_mul(factor).max(1));
    let burst = i64::from(quota.burst.saturating_mul(factor).max(1));
    let interval = 60_000 / per_minute;
    (interval.max(1), interval * (burst - 1))
}
