//! Throttling of sign-in and sign-up attempts, so online password guessing is slow and a
//! flood of sign-ups from one address stops. The session service consults it before any
//! password is hashed, so a throttled attempt costs microseconds.
//!
//! Failures are counted per account and client address, per address, and per account.
//! Each count has a free budget; past it, the n-th further failure makes the next attempt
//! wait 2^(n-1) seconds, capped. Counts are forgotten after a quiet window, and a successful
//! sign-in clears its account's counts. The account-wide count has a low cap, so failures
//! from other addresses can slow the owner down but never lock them out.

use std::{
    collections::HashMap,
    net::IpAddr,
    sync::{Arc, Mutex},
    time::Duration,
};

use crate::server::{
    clock::{Clock, duration_millis},
    error::{DomainError, DomainResult},
    settings::ThrottleSettings,
};

/// Counters kept at most; past it, the oldest quiet ones are dropped first.
const MAX_COUNTERS: usize = 100_000;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Counter {
    AccountAndAddress(String, Option<IpAddr>),
    Address(Option<IpAddr>),
    Account(String),
    SignUps(Option<IpAddr>),
}

#[derive(Debug, Clone, Copy)]
struct Count {
    events: u32,
    last_at: i64,
}

#[derive(Clone, Debug)]
pub struct LoginThrottle {
    counts: Arc<Mutex<HashMap<Counter, Count>>>,
    clock: Clock,
    limits: ThrottleSettings,
}

impl LoginThrottle {
    pub fn new(clock: Clock, limits: ThrottleSettings) -> Self {
        Self {
            counts: Arc::default(),
            clock,
            limits,
        }
    }

    /// Refuses a sign-in attempt that must wait. `account` names the account however it was
    /// spelled (see `Accounts::login_key`).
    pub fn check_sign_in(&self, account: &str, address: Option<IpAddr>) -> DomainResult<()> {
        let now = self.clock.now_millis();
        let counts = self.counts.lock().expect("throttle counts");
        let waits = sign_in_counters(account, address)
            .into_iter()
            .map(|counter| {
                let (free, cap) = self.budget(&counter);
                counts
                    .get(&counter)
                    .and_then(|count| self.wait(count, free, cap, now))
            });
        match waits.flatten().max() {
            Some(retry_after) => Err(DomainError::Throttled { retry_after }),
            None => Ok(()),
        }
    }

    pub fn failed_sign_in(&self, account: &str, address: Option<IpAddr>) {
        let now = self.clock.now_millis();
        let mut counts = self.counts.lock().expect("throttle counts");
        for counter in sign_in_counters(account, address) {
            self.record(&mut counts, counter, now);
        }
    }

    /// The account's owner proved who they are: its counts start afresh. The address's do
    /// not (one good account must not reset the guesses made against others).
    pub fn signed_in(&self, account: &str, address: Option<IpAddr>) {
        let account = normalized(account);
        let mut counts = self.counts.lock().expect("throttle counts");
        counts.remove(&Counter::AccountAndAddress(
            account.clone(),
            network(address),
        ));
        counts.remove(&Counter::Account(account));
    }

    /// Counts a sign-up attempt, refusing it when the address must wait.
    pub fn sign_up(&self, address: Option<IpAddr>) -> DomainResult<()> {
        let now = self.clock.now_millis();
        let counter = Counter::SignUps(network(address));
        let (free, cap) = self.budget(&counter);
        let mut counts = self.counts.lock().expect("throttle counts");
        if let Some(retry_after) = counts
            .get(&counter)
            .and_then(|count| self.wait(count, free, cap, now))
        {
            return Err(DomainError::Throttled { retry_after });
        }
        self.record(&mut counts, counter, now);
        Ok(())
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
        if self.forgotten(count, now) || count.events < free.max(1) {
            return None;
        }
        let doublings = (count.events - free.max(1)).min(30);
        let back_off = Duration::from_secs(1u64 << doublings).min(cap);
        let until = count.last_at + duration_millis(back_off);
        (until > now).then(|| Duration::from_millis(u64::try_from(until - now).unwrap_or(0)))
    }

    fn forgotten(&self, count: &Count, now: i64) -> bool {
        now - count.last_at > duration_millis(self.limits.window)
    }

    fn record(&self, counts: &mut HashMap<Counter, Count>, counter: Counter, now: i64) {
        if counts.len() >= MAX_COUNTERS && !counts.contains_key(&counter) {
            self.make_room(counts, now);
        }
        let count = counts.entry(counter).or_insert(Count {
            events: 0,
            last_at: now,
        });
        if self.forgotten(count, now) {
            count.events = 0;
        }
        count.events = count.events.saturating_add(1);
        count.last_at = now;
    }

    /// Drops the counts past their window; if that is not enough, the oldest tenth.
    fn make_room(&self, counts: &mut HashMap<Counter, Count>, now: i64) {
        counts.retain(|_, count| !self.forgotten(count, now));
        if counts.len() >= MAX_COUNTERS {
            let mut ages: Vec<i64> = counts.values().map(|count| count.last_at).collect();
            ages.sort_unstable();
            let cutoff = ages[ages.len() / 10];
            counts.retain(|_, count| count.last_at > cutoff);
        }
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

    #[test]
    fn the_wait_doubles_past_the_free_budget_and_ends() {
        let throttle = throttle();
        for _ in 0..3 {
            throttle.check_sign_in("alice", HOME).unwrap();
            throttle.failed_sign_in("Alice", HOME);
        }
        let waits = |throttle: &LoginThrottle| match throttle.check_sign_in("alice", HOME) {
            Err(DomainError::Throttled { retry_after }) => retry_after,
            other => panic!("expected a wait, got {other:?}"),
        };
        assert_eq!(waits(&throttle), Duration::from_secs(1));
        throttle.clock.advance(Duration::from_secs(1));
        throttle.failed_sign_in("alice", HOME);
        assert_eq!(waits(&throttle), Duration::from_secs(2));
        // Another address is not slowed by these failures.
        throttle.check_sign_in("alice", AWAY).unwrap();
        throttle.clock.advance(Duration::from_secs(2));
        throttle.check_sign_in("alice", HOME).unwrap();
    }

    #[test]
    fn failures_from_everywhere_never_lock_the_owner_out_for_long() {
        let throttle = throttle();
        for octet in 0..100u8 {
            let address = Some(IpAddr::V4(std::net::Ipv4Addr::new(203, 0, 113, octet)));
            throttle.failed_sign_in("alice", address);
        }
        let Err(DomainError::Throttled { retry_after }) = throttle.check_sign_in("alice", HOME)
        else {
            panic!("the account is slowed down");
        };
        assert!(retry_after <= Duration::from_secs(5), "{retry_after:?}");
    }

    #[test]
    fn a_successful_sign_in_starts_the_account_afresh() {
        let throttle = throttle();
        for _ in 0..4 {
            throttle.failed_sign_in("alice", HOME);
        }
        assert!(throttle.check_sign_in("alice", HOME).is_err());
        throttle.signed_in("alice", HOME);
        throttle.check_sign_in("alice", HOME).unwrap();
    }

    #[test]
    fn sign_ups_past_the_budget_wait() {
        let throttle = throttle();
        throttle.sign_up(HOME).unwrap();
        throttle.sign_up(HOME).unwrap();
        assert!(throttle.sign_up(HOME).is_err());
        throttle.sign_up(AWAY).unwrap();
    }

    #[test]
    fn an_ipv6_client_is_one_client_across_its_network() {
        let one: IpAddr = "2001:db8:1:2::1".parse().unwrap();
        let other: IpAddr = "2001:db8:1:2:ffff::9".parse().unwrap();
        assert_eq!(network(Some(one)), network(Some(other)));
    }
}
