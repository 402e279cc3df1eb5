-- Email leaves through the outbox: each message is a row written in the transaction that
-- caused it, sent by whichever server claims it first (a conditional update), retried with
-- back-off on temporary failures and given up after a bounded time with the reason kept.
-- `cause` names what asked for it (a reset link, ...): one message per cause, never two.
-- A claim that outlives its lease (the server was killed mid-send) is claimed again.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    cause           TEXT    NOT NULL UNIQUE,
    kind            TEXT    NOT NULL,
    recipient       TEXT    NOT NULL,
    subject         TEXT    NOT NULL,
    text_body       TEXT    NOT NULL,
    html_body       TEXT    NOT NULL,
    state           TEXT    NOT NULL DEFAULT 'queued'
                    CHECK (state IN ('queued', 'sending', 'sent', 'failed')),
    attempts        BIGINT  NOT NULL DEFAULT 0,
    queued_at       BIGINT  NOT NULL,
    next_attempt_at BIGINT  NOT NULL,
    claimed_until   BIGINT,
    sent_at         BIGINT,
    last_error      TEXT
);
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
CREATE INDEX outbox_claimed ON outbox (state, claimed_until);
CREATE INDEX outbox_by_state ON outbox (state, id);

-- "Forgot password" links: only a digest of the token is kept; a link is used once, within
-- its lifetime, and using one voids the account's others. Counted per account to bound how
-- many one address can be sent.
CREATE TABLE password_resets (
    id          INTEGER PRIMARY KEY,
    token_hash  TEXT    NOT NULL UNIQUE,
    user_id     BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  BIGINT  NOT NULL,
    expires_at  BIGINT  NOT NULL,
    used_at     BIGINT
);
CREATE INDEX password_resets_by_account ON password_resets (user_id, created_at);
