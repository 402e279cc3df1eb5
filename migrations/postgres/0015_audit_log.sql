-- What admins did, newest last: who (their account, and its name then), what, to what, when
-- and from which address ("the command line" has none). Kept bounded: the oldest entries
-- past the newest 10,000 are pruned.
CREATE TABLE audit_log (
    id          BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          BIGINT  NOT NULL,
    actor_id    BIGINT  REFERENCES users (id) ON DELETE SET NULL,
    actor       TEXT    NOT NULL,
    action      TEXT    NOT NULL,
    subject     TEXT    NOT NULL,
    address     TEXT
);
