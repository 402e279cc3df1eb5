-- Second factors. An authenticator app's TOTP secret (RFC 6238), kept until it is turned off:
-- counted only once a first code confirmed it. `last_step` is the last time step a code was
-- accepted for; a code is accepted only for a later step, so each code works once.
CREATE TABLE totp_secrets (
    user_id      INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    secret       TEXT    NOT NULL,
    created_at   BIGINT  NOT NULL,
    confirmed_at BIGINT,
    last_step    BIGINT  NOT NULL DEFAULT 0
);

-- Ten single-use recovery codes per account, as SHA-256 digests (each has 80 random bits).
CREATE TABLE recovery_codes (
    code_hash  TEXT    PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT  NOT NULL,
    used_at    BIGINT
);
CREATE INDEX recovery_codes_by_account ON recovery_codes (user_id);

-- The half-way point of a two-step sign-in: the password was right, the second factor is
-- awaited. Only a digest of the challenge is kept; it lasts minutes and works once.
CREATE TABLE sign_in_challenges (
    token_hash TEXT    PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT  NOT NULL,
    expires_at BIGINT  NOT NULL
);
CREATE INDEX sign_in_challenges_by_expiry ON sign_in_challenges (expires_at);

-- How each session was signed into (the devices page shows it).
ALTER TABLE sessions ADD COLUMN sign_in_method TEXT NOT NULL DEFAULT 'password';
