-- Invitations: a link an admin makes, with the role the new account gets and an expiry,
-- that signs someone up whatever the registration mode. Only a digest of its token is kept;
-- it is used up (or revoked) for good. Pending ones are listed newest first.
CREATE TABLE invitations (
    id          INTEGER PRIMARY KEY,
    token_hash  TEXT    NOT NULL UNIQUE,
    role        TEXT    NOT NULL,
    created_by  BIGINT  REFERENCES users (id) ON DELETE SET NULL,
    created_at  BIGINT  NOT NULL,
    expires_at  BIGINT  NOT NULL,
    used_at     BIGINT,
    used_by     BIGINT  REFERENCES users (id) ON DELETE SET NULL,
    revoked_at  BIGINT
);
CREATE INDEX invitations_pending ON invitations (expires_at) WHERE used_at IS NULL AND revoked_at IS NULL;
