//! Throttling of password checks (signing in, and proving the current password before a
//! sensitive change) and of sign-ups, so online password guessing is slow and a flood of
//! sign-ups from one address stops. Every attempt is reserved before any password is hashed,
//! so a throttled attempt costs microseconds and a burst of attempts at once gets no more
//! through than one after another.
//!
//! Failures are counted per account and client address, per address, and per account.
//! Each count has a free budget; past it, the n-th further failure makes the next attempt
//! wait 2^(n-1) seconds, capped. Counts are forgotten after a quiet window, and a successful
//! sign-in clears its account's counts. The account-wide count has a low cap, so failures
//! from other addresses can slow the owner down but never lock them out.

mod counts;

use std::net::IpAddr;

pub use counts::CountStore;
use counts::{Budgeted, Counter};

use crate::server::{
    clock::{Clock, duration_millis},
    error::{DomainError, DomainResult},
    settings::ThrottleSettings,
};

/// Wrong second-factor codes an account may have in a window before each further one waits
/// (1 s, 2 s, … up to `max_back_off`): with at most three codes valid at a time, a thief who
/// has the password guesses one in a million at a time, slowly.
const SECOND_FACTOR_FAILURES_FREE: u32 = 10;

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

    /// A password is about to be checked for `account` (however it was spelled; see
    /// `Accounts::login_key`) from `address`: one attempt is reserved on each of its counters
    /// before anything is hashed, all at once, or the attempt is refused with how long to
    /// wait. Of many attempts at once, only as many pass as the budgets allow. Unless
    /// [`LoginThrottle::passed`] gives it back, the reservation counts as a failure.
    pub async fn attempt(&self, account: &str, address: Option<IpAddr>) -> DomainResult<()> {
        let counters = sign_in_counters(account, address).map(|counter| self.budgeted(counter));
        self.reserve(&counters).await
    }

    /// The password was right: the account's counts start afresh, and the address gets its
    /// reserved attempt back (one good account must not reset the guesses made against
    /// others, nor count against the address).
    pub async fn passed(&self, account: &str, address: Option<IpAddr>) -> DomainResult<()> {
        let account = normalized(account);
        self.counts
            .forget(&[
                Counter::AccountAndAddress(account.clone(), network(address)),
                Counter::Account(account),
            ])
            .await?;
        self.counts
            .give_back(&[Counter::Address(network(address))])
            .await
    }

    /// The password was right for an account with a second factor: the attempt is given back,
    /// but the counts stay (the sign-in is not done until the second step).
    pub async fn halfway(&self, account: &str, address: Option<IpAddr>) -> DomainResult<()> {
        self.counts
            .give_back(&sign_in_counters(account, address))
            .await
    }

    /// A second-factor code is about to be checked: reserved like a password attempt, and on
    /// the account's own second-factor counter besides, which only a right code clears.
    pub async fn second_factor_attempt(
        &self,
        account: &str,
        address: Option<IpAddr>,
    ) -> DomainResult<()> {
        let [pair, by_address, by_account] = sign_in_counters(account, address);
        let counters = [
            pair,
            by_address,
            by_account,
            Counter::SecondFactor(normalized(account)),
        ]
        .map(|counter| self.budgeted(counter));
        self.reserve(&counters).await
    }

    /// The code was right: as a right password, and the second-factor count starts afresh.
    pub async fn second_factor_passed(
        &self,
        account: &str,
        address: Option<IpAddr>,
    ) -> DomainResult<()> {
        self.counts
            .forget(&[Counter::SecondFactor(normalized(account))])
            .await?;
        self.passed(account, address).await
    }

    /// Counts a sign-up attempt, refusing it when the address must wait.
    pub async fn sign_up(&self, address: Option<IpAddr>) -> DomainResult<()> {
        let counter = self.budgeted(Counter::SignUps(network(address)));
        self.reserve(&[counter]).await
    }

    /// Counts a request for a password-reset email, refusing it when the address must wait.
    pub async fn reset_request(&self, address: Option<IpAddr>) -> DomainResult<()> {
        let counter = self.budgeted(Counter::ResetRequests(network(address)));
        self.reserve(&[counter]).await
    }

    async fn reserve(&self, counters: &[Budgeted]) -> DomainResult<()> {
        let now = self.clock.now_millis();
        match self.counts.reserve(counters, now, self.window()).await? {
            Some(retry_after) => Err(DomainError::Throttled { retry_after }),
            None => Ok(()),
        }
    }

    fn window(&self) -> i64 {
        duration_millis(self.limits.window)
    }

    fn budgeted(&self, counter: Counter) -> Budgeted {
        let limits = &self.limits;
        let (free, cap) = match counter {
            Counter::AccountAndAddress(..) => {
                (limits.failures_per_account_and_address, limits.max_back_off)
            }
            Counter::Address(_) => (limits.failures_per_address, limits.max_back_off),
            Counter::Account(_) => (limits.failures_per_account, limits.max_account_back_off),
            Counter::SecondFactor(_) => (SECOND_FACTOR_FAILURES_FREE, limits.max_back_off),
            Counter::SignUps(_) => (limits.sign_ups_per_address, limits.max_back_off),
            Counter::ResetRequests(_) => (limits.reset_requests_per_address, limits.max_back_off),
        };
        Budgeted { counter, free, cap }
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

/// The address an attacker cannot trivially rotate: an IPv6 client owns its whole /64, and
/// an IPv4 client is one bucket however it is written (`::ffff:192.0.2.1` is `192.0.2.1`).
fn network(address: Option<IpAddr>) -> Option<IpAddr> {
    address.map(|address| match address.to_canonical() {
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
    use std::time::Duration;

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
                reset_requests_per_address: 2,
                reset_emails_per_account: 2,
                window: Duration::from_secs(600),
                max_back_off: Duration::from_secs(60),
                max_account_back_off: Duration::from_secs(5),
            },
        )
    }

    const HOME: Option<IpAddr> = Some(IpAddr::V4(std::net::Ipv4Addr::new(192, 0, 2, 1)));
    const AWAY: Option<IpAddr> = Some(IpAddr::V4(std::net::Ipv4Addr::new(198, 51, 100, 7)));

    async fn waits(throttle: &LoginThrottle, address: Option<IpAddr>) -> Duration {
        match throttle.attempt("alice", address).await {
            Err(DomainError::Throttled { retry_after }) => retry_after,
            other => panic!("expected a wait, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn the_wait_doubles_past_the_free_budget_and_ends() {
        let throttle = throttle();
        for _ in 0..3 {
            throttle.attempt("Alice", HOME).await.unwrap();
        }
        assert_eq!(waits(&throttle, HOME).await, Duration::from_secs(1));
        throttle.clock.advance(Duration::from_secs(1));
        throttle.attempt("alice", HOME).await.unwrap();
        assert_eq!(waits(&throttle, HOME).await, Duration::from_secs(2));
        // Another address is not slowed by these failures.
        throttle.attempt("alice", AWAY).await.unwrap();
        throttle.clock.advance(Duration::from_secs(2));
        throttle.attempt("alice", HOME).await.unwrap();
    }

    #[tokio::test]
    async fn attempts_at_once_get_no_more_through_than_the_budget() {
        let throttle = throttle();
        let attempts = (0..120).map(|_| throttle.attempt("alice", HOME));
        let passed = futures_util::future::join_all(attempts)
            .await
            .into_iter()
            .filter(Result::is_ok)
            .count();
        assert_eq!(passed, 3);
    }

    #[tokio::test]
    async fn failures_from_everywhere_never_lock_the_owner_out_for_long() {
        let throttle = throttle();
        for octet in 0..100u8 {
            let address = Some(IpAddr::V4(std::net::Ipv4Addr::new(203, 0, 113, octet)));
            throttle.clock.advance(Duration::from_secs(5));
            let _ = throttle.attempt("alice", address).await;
        }
        assert!(waits(&throttle, HOME).await <= Duration::from_secs(5));
    }

    #[tokio::test]
    async fn a_right_password_starts_the_account_afresh_and_gives_the_address_its_attempt_back() {
        let throttle = throttle();
        for _ in 0..3 {
            throttle.attempt("alice", HOME).await.unwrap();
        }
        assert!(throttle.attempt("alice", HOME).await.is_err());
        throttle.passed("alice", HOME).await.unwrap();
        throttle.attempt("alice", HOME).await.unwrap();
        // Nine good sign-ins by others from one office do not use up its budget.
        for name in 0..20 {
            let name = format!("colleague{name}");
            throttle.attempt(&name, AWAY).await.unwrap();
            throttle.passed(&name, AWAY).await.unwrap();
        }
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

    #[test]
    fn an_ipv4_client_is_one_bucket_however_it_is_written() {
        let mapped: IpAddr = "::ffff:192.0.2.1".parse().unwrap();
        assert_eq!(network(Some(mapped)), HOME);
    }
}
