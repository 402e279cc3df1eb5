//! Sessions and their refresh tokens in Redis, for several app servers. Per session, a hash
//! (`session:<id>`: its columns, its current token's digest and every retired digest with
//! when it was retired); per token digest, the session's id (`token:<digest>`); per user,
//! the set of their session ids. Every key expires a day after the session's absolute end,
//! so Redis forgets ended sessions by itself.
//!
//! Each change is one Lua script, which Redis runs atomically: rotation compares and swaps
//! the current digest, so of two refreshes racing with one token exactly one rotates, on any
//! number of servers. The scripts name keys they compute (a single Redis, not Cluster).

use std::sync::LazyLock;

use async_trait::async_trait;
use redis::Script;

use super::{SessionRecord, SessionStore, TokenRecord};
use crate::server::{
    accounts::UserId,
    auth::SessionId,
    clock::duration_millis,
    error::DomainResult,
    shared::{Redis, unavailable},
};

/// How long after its absolute end a session's keys are kept: as long as the SQL store keeps
/// an ended session, so a retired token is recognised (and refused) the same way.
const KEPT_AFTER_END: std::time::Duration = std::time::Duration::from_secs(24 * 60 * 60);

/// The session's columns, in the order the scripts read them.
const COLUMNS: [&str; 8] = [
    "user_id",
    "created_at",
    "last_used_at",
    "expires_at",
    "absolute_expires_at",
    "revoked_at",
    "user_agent",
    "sign_in_method",
];

static OPEN: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
        redis.call('HSET', KEYS[1], 'user_id', ARGV[2], 'created_at', ARGV[3],
            'last_used_at', ARGV[3], 'expires_at', ARGV[4], 'absolute_expires_at', ARGV[5],
            'user_agent', ARGV[6], 'token', ARGV[7], 'sign_in_method', ARGV[9])
        redis.call('PEXPIRE', KEYS[1], ARGV[8])
        redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[8])
        redis.call('SADD', KEYS[3], ARGV[1])
        if redis.call('PTTL', KEYS[3]) < tonumber(ARGV[8]) then
            redis.call('PEXPIRE', KEYS[3], ARGV[8])
        end
        return 1
        ",
    )
});

/// The session of a token digest: its id, its columns, and when the digest was retired.
static FIND_TOKEN: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
        local id = redis.call('GET', KEYS[1])
        if not id then return false end
        local f = redis.call('HMGET', ARGV[1] .. id, 'user_id', 'created_at', 'last_used_at',
            'expires_at', 'absolute_expires_at', 'revoked_at', 'user_agent', 'sign_in_method',
            'retired:' .. ARGV[2])
        if not f[1] then return false end
        return {id, f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9]}
        ",
    )
});

static ROTATE: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
        if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
        if redis.call('HEXISTS', KEYS[1], 'revoked_at') == 1 then return 0 end
        if redis.call('HGET', KEYS[1], 'token') ~= ARGV[1] then return 0 end
        redis.call('HSET', KEYS[1], 'token', ARGV[2], 'retired:' .. ARGV[1], ARGV[3],
            'expires_at', ARGV[4], 'last_used_at', ARGV[3])
        local ttl = redis.call('PTTL', KEYS[1])
        if ttl > 0 then redis.call('SET', KEYS[2], ARGV[5], 'PX', ttl) end
        return 1
        ",
    )
});

static TOUCH: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
        if redis.call('EXISTS', KEYS[1]) == 1 then
            redis.call('HSET', KEYS[1], 'last_used_at', ARGV[1])
        end
        return 1
        ",
    )
});

static REVOKE: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
        if redis.call('EXISTS', KEYS[1]) == 1 then
            redis.call('HSETNX', KEYS[1], 'revoked_at', ARGV[1])
        end
        return 1
        ",
    )
});

/// Revokes every session of a user but one, dropping ids whose session Redis forgot.
static REVOKE_ALL_BUT: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
        local revoked = 0
        for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
            local key = ARGV[3] .. id
            if redis.call('EXISTS', key) == 0 then
                redis.call('SREM', KEYS[1], id)
            elseif id ~= ARGV[1] and redis.call('HSETNX', key, 'revoked_at', ARGV[2]) == 1 then
                revoked = revoked + 1
            end
        end
        return revoked
        ",
    )
});

/// Every session of a user, flattened: id and columns, nine values each.
static SESSIONS_OF: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
        local out = {}
        for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
            local f = redis.call('HMGET', ARGV[1] .. id, 'user_id', 'created_at',
                'last_used_at', 'expires_at', 'absolute_expires_at', 'revoked_at', 'user_agent',
                'sign_in_method')
            if f[1] then
                table.insert(out, id)
                for i = 1, 8 do table.insert(out, f[i]) end
            else
                redis.call('SREM', KEYS[1], id)
            end
        end
        return out
        ",
    )
});

#[derive(Clone, Debug)]
pub struct RedisSessionStore {
    redis: Redis,
}

impl RedisSessionStore {
    pub fn new(redis: Redis) -> Self {
        Self { redis }
    }

    fn session_key(&self, id: &SessionId) -> String {
        self.redis.key(format_args!("session:{}", id.0))
    }

    fn session_prefix(&self) -> String {
        self.redis.key("session:")
    }

    fn token_key(&self, digest: &str) -> String {
        self.redis.key(format_args!("token:{digest}"))
    }

    fn user_key(&self, user: UserId) -> String {
        self.redis.key(format_args!("user-sessions:{}", user.0))
    }
}

#[async_trait]
impl SessionStore for RedisSessionStore {
    async fn open(&self, session: &SessionRecord, token_digest: &str) -> DomainResult<()> {
        let keep =
            session.absolute_expires_at - session.created_at + duration_millis(KEPT_AFTER_END);
        let mut connection = self.redis.connection().await?;
        OPEN.key(self.session_key(&session.id))
            .key(self.token_key(token_digest))
            .key(self.user_key(session.user_id))
            .arg(&session.id.0)
            .arg(session.user_id.0)
            .arg(session.created_at)
            .arg(session.expires_at)
            .arg(session.absolute_expires_at)
            .arg(&session.user_agent)
            .arg(token_digest)
            .arg(keep.max(1))
            .arg(&session.sign_in_method)
            .invoke_async::<i64>(&mut connection)
            .await
            .map_err(unavailable)?;
        Ok(())
    }

    async fn find_token(&self, token_digest: &str) -> DomainResult<Option<TokenRecord>> {
        let mut connection = self.redis.connection().await?;
        let found: Option<Vec<Option<String>>> = FIND_TOKEN
            .key(self.token_key(token_digest))
            .arg(self.session_prefix())
            .arg(token_digest)
            .invoke_async(&mut connection)
            .await
            .map_err(unavailable)?;
        Ok(found.and_then(|values| {
            let (id, rest) = values.split_first()?;
            let (columns, retired_at) = rest.split_at(COLUMNS.len());
            Some(TokenRecord {
                session: record(id.clone()?, columns)?,
                retired_at: number(retired_at.first()?.as_deref()),
            })
        }))
    }

    async fn find(&self, id: &SessionId) -> DomainResult<Option<SessionRecord>> {
        let mut connection = self.redis.connection().await?;
        let columns: Vec<Option<String>> = redis::cmd("HMGET")
            .arg(self.session_key(id))
            .arg(&COLUMNS[..])
            .query_async(&mut connection)
            .await
            .map_err(unavailable)?;
        Ok(record(id.0.clone(), &columns))
    }

    async fn rotate(
        &self,
        id: &SessionId,
        old_digest: &str,
        new_digest: &str,
        now: i64,
        expires_at: i64,
    ) -> DomainResult<bool> {
        let mut connection = self.redis.connection().await?;
        let rotated: i64 = ROTATE
            .key(self.session_key(id))
            .key(self.token_key(new_digest))
            .arg(old_digest)
            .arg(new_digest)
            .arg(now)
            .arg(expires_at)
            .arg(&id.0)
            .invoke_async(&mut connection)
            .await
            .map_err(unavailable)?;
        Ok(rotated == 1)
    }

    async fn touch(&self, id: &SessionId, now: i64) -> DomainResult<()> {
        let mut connection = self.redis.connection().await?;
        TOUCH
            .key(self.session_key(id))
            .arg(now)
            .invoke_async::<i64>(&mut connection)
            .await
            .map_err(unavailable)?;
        Ok(())
    }

    async fn revoke(&self, id: &SessionId, now: i64) -> DomainResult<()> {
        let mut connection = self.redis.connection().await?;
        REVOKE
            .key(self.session_key(id))
            .arg(now)
            .invoke_async::<i64>(&mut connection)
            .await
            .map_err(unavailable)?;
        Ok(())
    }

    async fn revoke_all_but(&self, user: UserId, keep: &SessionId, now: i64) -> DomainResult<u64> {
        let mut connection = self.redis.connection().await?;
        let revoked: u64 = REVOKE_ALL_BUT
            .key(self.user_key(user))
            .arg(&keep.0)
            .arg(now)
            .arg(self.session_prefix())
            .invoke_async(&mut connection)
            .await
            .map_err(unavailable)?;
        Ok(revoked)
    }

    async fn live(&self, user: UserId, now: i64) -> DomainResult<Vec<SessionRecord>> {
        let mut connection = self.redis.connection().await?;
        let values: Vec<Option<String>> = SESSIONS_OF
            .key(self.user_key(user))
            .arg(self.session_prefix())
            .invoke_async(&mut connection)
            .await
            .map_err(unavailable)?;
        let mut live: Vec<SessionRecord> = values
            .chunks_exact(COLUMNS.len() + 1)
            .filter_map(|chunk| record(chunk[0].clone()?, &chunk[1..]))
            .filter(|session| session.revoked_at.is_none() && session.expires_at > now)
            .collect();
        live.sort_by(|a, b| {
            b.last_used_at
                .cmp(&a.last_used_at)
                .then_with(|| a.id.0.cmp(&b.id.0))
        });
        live.truncate(100);
        Ok(live)
    }
}

/// A session from its id and `COLUMNS`; `None` when Redis does not know it.
fn record(id: String, columns: &[Option<String>]) -> Option<SessionRecord> {
    let [
        user_id,
        created_at,
        last_used_at,
        expires_at,
        absolute,
        revoked_at,
        user_agent,
        sign_in_method,
    ] = columns
    else {
        return None;
    };
    Some(SessionRecord {
        id: SessionId(id),
        user_id: UserId(number(user_id.as_deref())?),
        created_at: number(created_at.as_deref())?,
        last_used_at: number(last_used_at.as_deref())?,
        expires_at: number(expires_at.as_deref())?,
        absolute_expires_at: number(absolute.as_deref())?,
        revoked_at: number(revoked_at.as_deref()),
        user_agent: user_agent.clone().unwrap_or_default(),
        sign_in_method: sign_in_method
            .clone()
            .unwrap_or_else(|| "password".to_owned()),
    })
}

fn number(value: Option<&str>) -> Option<i64> {
    value?.parse().ok()
}
