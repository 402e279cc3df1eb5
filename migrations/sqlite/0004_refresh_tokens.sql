-- Every refresh token a session has had, as SHA-256 digests: the current one (retired_at NULL)
-- and each one it replaced, until the session ends. A retired token presented after the grace
-- window revokes the session however many rotations ago it was replaced (RFC 9700 4.14.2).
-- Sessions also learn when they were last used and from which browser, for the account page.
CREATE TABLE sessions_new (
    id                  TEXT    PRIMARY KEY,
    user_id             INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at          BIGINT  NOT NULL,
    last_used_at        BIGINT  NOT NULL,
    expires_at          BIGINT  NOT NULL,
    absolute_expires_at BIGINT  NOT NULL,
    revoked_at          BIGINT,
    user_agent          TEXT    NOT NULL DEFAULT ''
);
INSERT INTO sessions_new (id, user_id, created_at, last_used_at, expires_at, absolute_expires_at, revoked_at)
SELECT id, user_id, created_at, COALESCE(rotated_at, created_at), expires_at, absolute_expires_at, revoked_at
FROM sessions;

CREATE TABLE refresh_tokens (
    token_hash TEXT   PRIMARY KEY,
    session_id TEXT   NOT NULL REFERENCES sessions_new (id) ON DELETE CASCADE,
    issued_at  BIGINT NOT NULL,
    retired_at BIGINT
);
INSERT INTO refresh_tokens (token_hash, session_id, issued_at)
SELECT token_hash, id, COALESCE(rotated_at, created_at) FROM sessions;
INSERT INTO refresh_tokens (token_hash, session_id, issued_at, retired_at)
SELECT previous_token_hash, id, created_at, rotated_at FROM sessions WHERE previous_token_hash IS NOT NULL;

DROP TABLE sessions;
ALTER TABLE sessions_new RENAME TO sessions;

CREATE INDEX sessions_user_id ON sessions (user_id);
CREATE INDEX sessions_expires_at ON sessions (expires_at);
CREATE INDEX refresh_tokens_session_id ON refresh_tokens (session_id);
