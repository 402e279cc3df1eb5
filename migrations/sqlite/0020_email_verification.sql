-- Addresses are verified by a link sent to them: on sign-up, and on a change of address (the
-- old address is then told, with a link that puts it back). Accounts made before email
-- existed, or at the console, stay unverified until their owner asks for a link.
ALTER TABLE users ADD COLUMN email_verified_at BIGINT;

-- The links: `verify` marks `email` verified if it is still the account's address; `undo`
-- puts `email` (the old address) back. Only a digest of each token is kept; each works once.
CREATE TABLE email_links (
    id          INTEGER PRIMARY KEY,
    token_hash  TEXT    NOT NULL UNIQUE,
    purpose     TEXT    NOT NULL CHECK (purpose IN ('verify', 'undo')),
    user_id     BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    email       TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL,
    expires_at  BIGINT  NOT NULL,
    used_at     BIGINT
);
CREATE INDEX email_links_by_account ON email_links (user_id, created_at);
