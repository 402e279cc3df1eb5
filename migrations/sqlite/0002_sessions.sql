-- Login sessions. Only SHA-256 digests of refresh tokens are stored: the current one, and the
-- one it replaced (for reuse detection and the two-tabs grace window under `rotate`).
CREATE TABLE sessions (
    id                  TEXT    PRIMARY KEY,
    user_id             INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at          BIGINT  NOT NULL,
    expires_at          BIGINT  NOT NULL,
    absolute_expires_at BIGINT  NOT NULL,
    revoked_at          BIGINT,
    token_hash          TEXT    NOT NULL UNIQUE,
    previous_token_hash TEXT,
    rotated_at          BIGINT
);

CREATE INDEX sessions_user_id ON sessions (user_id);
CREATE INDEX sessions_previous_token_hash ON sessions (previous_token_hash);
