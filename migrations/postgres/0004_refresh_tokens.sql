-- Every refresh token a session has had, as SHA-256 digests: the current one (retired_at NULL)
-- and each one it replaced, until the session ends. A retired token presented after the grace
-- window revokes the session however many rotations ago it was replaced (RFC 9700 4.14.2).
-- Sessions also learn when they were last used and from which browser, for the account page.
CREATE TABLE refresh_tokens (
    token_hash TEXT   PRIMARY KEY,
    session_id TEXT   NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    issued_at  BIGINT NOT NULL,
    retired_at BIGINT
);
INSERT INTO refresh_tokens (token_hash, session_id, issued_at)
SELECT token_hash, id, COALESCE(rotated_at, created_at) FROM sessions;
INSERT INTO refresh_tokens (token_hash, session_id, issued_at, retired_at)
SELECT previous_token_hash, id, created_at, rotated_at FROM sessions WHERE previous_token_hash IS NOT NULL;

ALTER TABLE sessions ADD COLUMN last_used_at BIGINT;
UPDATE sessions SET last_used_at = COALESCE(rotated_at, created_at);
ALTER TABLE sessions ALTER COLUMN last_used_at SET NOT NULL;
ALTER TABLE sessions ADD COLUMN user_agent TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions DROP COLUMN token_hash;
ALTER TABLE sessions DROP COLUMN previous_token_hash;
ALTER TABLE sessions DROP COLUMN rotated_at;

CREATE INDEX sessions_expires_at ON sessions (expires_at);
CREATE INDEX refresh_tokens_session_id ON refresh_tokens (session_id);
