-- Accounts. Times are Unix milliseconds (BIGINT) so the same queries run on SQLite and PostgreSQL.
CREATE TABLE users (
    id            BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username      TEXT    NOT NULL,
    email         TEXT    NOT NULL,
    password_hash TEXT    NOT NULL,
    bio           TEXT,
    image         TEXT,
    role          TEXT    NOT NULL DEFAULT 'author' CHECK (role IN ('admin', 'author')),
    created_at    BIGINT  NOT NULL,
    updated_at    BIGINT  NOT NULL
);

-- Names and addresses are unique regardless of case: "Alice" and "alice" are one person.
CREATE UNIQUE INDEX users_username_key ON users (lower(username));
CREATE UNIQUE INDEX users_email_key ON users (lower(email));
