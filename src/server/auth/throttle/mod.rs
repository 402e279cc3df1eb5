//! Throttling of sign-in and sign-up attempts, so online password guessing is slow and a
//! flood of sign-ups from one address stops. The session service consults it before any
//! password is hashed, so a throttled attempt costs microseconds.
//!
//! Failures are counted per account and client address, per address, and per account.
//! Each count has a free budget; past it, the n-th further failure makes the next attempt
//! wait 2^(n-1) seconds, capped. Counts are forgotten after a quiet window, and a successful
//! sign-in clears its account's counts. The account-wide count has a low cap, so failures
//! from other addresses can slow the owner down but never lock them out.

mod counts;

use std::{net::IpAddr, time::Duration};

pub use counts::CountStore;
use counts::{Count, Counter};

use crate::server::{
    clock::{Clock, duration_millis},
    error::{DomainError, DomainResult},
    settings::ThrottleSettings,
};

#[derive(Clone, Debug)]
pub struct LoginThrottle {
    counts: CountStore,
    clock: Clock,
    limits: ThrottleSettings,
}

impl LoginThrottle {
    pub fn new(counts: CountStore, clock: Clock, limits: ThrottleSettings) -> Self {
        Self {
            counts,
            clock,
            limits,
        }
    }

    /// Refuses a sign-in attempt that must wait. `account` names the account however it was
    /// spelled (see `Accounts::login_key`).
    pub async fn check_sign_in(&self, account: &str, address: Option<IpAddr>) -> DomainResult<()> {
        let now = self.clock.now_millis();
        let counters = sign_in_counters(account, address);
        let counts = self.counts.get(&counters).await?;
        let waits = counters.iter().zip(counts).map(|(counter, count)| {
            let (free, cap) = self.budget(counter);
            count.and_then(|count| self.wait(&count, free, cap, now))
        });
        match waits.flatten().max() {
            Some(retry_after) => Err(DomainError::Throttled { retry_after }),
            None => Ok(()),
        }
    }

    pub async fn failed_sign_in(&self, account: &str, address: Option<IpAddr>) -> DomainResult<()> {
        let now = self.clock.now_millis();
        self.counts
            .record(&sign_in_counters(account, address), now, self.window())
            .await
    }

    /// The account's owner proved who they are: its counts start afresh. The address's do
    /// not (one good account must not reset the guesses made against others).
    pub async fn signed_in(&self, account: &str, address: Option<IpAddr>) -> DomainResult<()> {
        let account = normalized(account);
        self.counts
            .forget(&[
                Counter::AccountAndAddress(account.clone(), network(address)),
                Counter::Account(account),
            ])
            .await
    }

    /// Counts a sign-up attempt, refusing it when the address must wait.
    pub async fn sign_up(&self, address: Option<IpAddr>) -> DomainResult<()> {
        let now = self.clock.now_millis();
        let counter = [Counter::SignUps(network(address))];
        let (free, cap) = self.budget(&counter[0]);
        let count = self.counts.get(&counter).await?.pop().flatten();
        if let Some(retry_after) = count.and_then(|count| self.wait(&count, free, cap, now)) {
            return Err(DomainError::Throttled { retry_after });
        }
        self.counts.record(&counter, now, self.window()).await
    }

    fn window(&self) -> i64 {
        duration_millis(self.limits.window)
    }

    fn budget(&self, counter: &Counter) -> (u32, Duration) {
        let limits = &self.limits;
        match counter {
            Counter::AccountAndAddress(..) => {
                (limits.failures_per_account_and_address, limits.max_back_off)
            }
            Counter::Address(_) => (limits.failures_per_address, limits.max_back_off),
            Counter::Account(_) => (limits.failures_per_account, limits.max_account_back_off),
            Counter::SignUps(_) => (limits.sign_ups_per_address, limits.max_back_off),
        }
    }

    /// How long the next attempt must still wait, if at all.
    fn wait(&self, count: &Count, free: u32, cap: Duration, now: i64) -> Option<Duration> {
        if count.forgotten(now, self.window()) || count.events < free.max(1) {
            return None;
        }
        let doublings = (count.events - free.max(1)).min(30);
        let back_off = Duration::from_secs(1u64 << doublings).min(cap);
        let until = count.last_at + duration_millis(back_off);
        (until > now).then(|| Duration::from_millis(u64::try_from(until - now).unwrap_or(0)))
    }
}

fn sign_in_counters(account: &str, address: Option<IpAddr>) -> [Counter; 3] {
    let account = normalized(account);
    let address = network(address);
    [
        Counter::AccountAndAddress(account.clone(), address),
        Counter::Address(address),
        Counter::Account(account),
    ]
}

/// Trimmed, any case: as the accounts table matches names.
fn normalized(account: &str) -> String {
    account.trim().to_lowercase()
}

/// The address an attacker cannot trivially rotate: an IPv6 client owns its whole /64.
fn network(address: Option<IpAddr>) -> Option<IpAddr> {
    address.map(|address| match address {
        IpAddr::V6(v6) => {
            let segments = v6.segments();
            IpAddr::V6(std::net::Ipv6Addr::new(
                segments[0],
                segments[1],
                segments[2],
                segments[3],
                0,
                0,
                0,
                0,
            ))
        }
        v4 => v4,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn throttle() -> LoginThrottle {
        LoginThrottle::new(
            CountStore::in_memory(),
            Clock::manual(),
            ThrottleSettings {
                failures_per_account_and_address: 3,
                failures_per_address: 10,
                failures_per_account: 20,
                sign_ups_per_address: 2,
                window: Duration::from_secs(600),
                max_back_off: Duration::from_secs(60),
                max_account_back_off: Duration::from_secs(5),
            },
        )
    }

    const HOME: Option<IpAddr> = Some(IpAddr::V4(std::net::Ipv4Addr::new(192, 0, 2, 1)));
    const AWAY: Option<IpAddr> = Some(IpAddr::V4(std::net::Ipv4Addr::new(198, 51, 100, 7)));

    #[tokio::test]
    async fn the_wait_doubles_past_the_free_budget_and_ends() {
        let throttle = throttle();
        for _ in 0..3 {
            throttle.check_sign_in("alice", HOME).await.unwrap();
            throttle.failed_sign_in("Alice", HOME).await.unwrap();
        }
        async fn waits(throttle: &LoginThrottle) -> Duration {
            match throttle.check_sign_in("alice", HOME).await {
                Err(DomainError::Throttled { retry_after }) => retry_after,
                other => panic!("expected a wait, got {other:?}"),
            }
        }
        assert_eq!(waits(&throttle).await, Duration::from_secs(1));
        throttle.clock.advance(Duration::from_secs(1));
        throttle.failed_sign_in("alice", HOME).await.unwrap();
        assert_eq!(waits(&throttle).await, Duration::from_secs(2));
        // Another address is not slowed by these failures.
        throttle.check_sign_in("alice", AWAY).await.unwrap();
        throttle.clock.advance(Duration::from_secs(2));
        throttle.check_sign_in("alice", HOME).await.unwrap();
    }

    #[tokio::test]
    async fn failures_from_everywhere_never_lock_the_owner_out_for_long() {
        let throttle = throttle();
        for octet in 0..100u8 {
            let address = Some(IpAddr::V4(std::net::Ipv4Addr::new(203, 0, 113, octet)));
            throttle.failed_sign_in("alice", address).await.unwrap();
        }
        let Err(DomainError::Throttled { retry_after }) =
            throttle.check_sign_in("alice", HOME).await
        else {
            panic!("the account is slowed down");
        };
        assert!(retry_after <= Duration::from_secs(5), "{retry_after:?}");
    }

    #[tokio::test]
    async fn a_successful_sign_in_starts_the_account_afresh() {
        let throttle = throttle();
        for _ in 0..4 {
            throttle.failed_sign_in("alice", HOME).await.unwrap();
        }
        assert!(throttle.check_sign_in("alice", HOME).await.is_err());
        throttle.signed_in("alice", HOME).await.unwrap();
        throttle.check_sign_in("alice", HOME).await.unwrap();
    }

    #[tokio::test]
    async fn sign_ups_past_the_budget_wait() {
        let throttle = throttle();
        throttle.sign_up(HOME).await.unwrap();
        throttle.sign_up(HOME).await.unwrap();
        assert!(throttle.sign_up(HOME).await.is_err());
        throttle.sign_up(AWAY).await.unwrap();
    }

    #[test]
    fn an_ipv6_client_is_one_client_across_its_network() {
        let one: IpAddr = "2001:db8:1:2::1".parse().unwrap();
        let other: IpAddr = "2001:db8:1:2:ffff::9".parse().unwrap();
        assert_eq!(network(Some(one)), network(Some(other)));
    }
}
