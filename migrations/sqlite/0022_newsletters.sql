-- Newsletters: readers who asked to be emailed new posts, of the whole site (`author_id` 0)
-- or of one author. An address alone is confirmed by a link first (double opt-in; only a
-- digest of its token is kept, and an unconfirmed row is forgotten after a week); an account
-- subscribes confirmed, and is sent to at its current address while that is verified.
-- `unsubscribe_token` is each subscriber's own link out, written into every message.
CREATE TABLE subscriptions (
    id                INTEGER PRIMARY KEY,
    author_id         BIGINT  NOT NULL,
    email             TEXT    NOT NULL,
    user_id           BIGINT  REFERENCES users (id) ON DELETE CASCADE,
    language          TEXT    NOT NULL,
    unsubscribe_token TEXT    NOT NULL UNIQUE,
    confirm_hash      TEXT    UNIQUE,
    confirm_sent_at   BIGINT,
    created_at        BIGINT  NOT NULL,
    confirmed_at      BIGINT
);
CREATE UNIQUE INDEX subscriptions_by_address ON subscriptions (author_id, email);
CREATE INDEX subscriptions_confirmed ON subscriptions (author_id, id) WHERE confirmed_at IS NOT NULL;
CREATE INDEX subscriptions_pending ON subscriptions (created_at) WHERE confirmed_at IS NULL;
CREATE INDEX subscriptions_by_account ON subscriptions (user_id) WHERE user_id IS NOT NULL;

-- One row per post, written in the transaction that first publishes it (never for an edit
-- or a re-publish: `post_id` is unique). A server claims it and writes its messages into the
-- outbox a batch at a time, the site's subscribers and then the author's, moving `after_id`
-- in the same transaction: a restart resumes after the last batch written. The post as
-- email is rendered once, here; each message adds only its reader's unsubscribe link.
CREATE TABLE newsletters (
    id            INTEGER PRIMARY KEY,
    post_id       BIGINT  NOT NULL UNIQUE REFERENCES posts (id) ON DELETE CASCADE,
    author_id     BIGINT  NOT NULL,
    created_at    BIGINT  NOT NULL,
    stage         TEXT    NOT NULL DEFAULT 'site' CHECK (stage IN ('site', 'author', 'done')),
    after_id      BIGINT  NOT NULL DEFAULT 0,
    recipients    BIGINT  NOT NULL DEFAULT 0,
    claimed_until BIGINT,
    subject       TEXT,
    text_body     TEXT,
    html_body     TEXT,
    finished_at   BIGINT,
    outcome       TEXT
);
CREATE INDEX newsletters_open ON newsletters (id) WHERE finished_at IS NULL;

-- A newsletter's messages carry no body of their own but their reader's part (the
-- unsubscribe link); the post is read from `newsletters` when the message leaves.
ALTER TABLE outbox ADD COLUMN newsletter_id BIGINT REFERENCES newsletters (id) ON DELETE CASCADE;
ALTER TABLE outbox ADD COLUMN list_unsubscribe TEXT;
CREATE INDEX outbox_by_newsletter ON outbox (newsletter_id, state) WHERE newsletter_id IS NOT NULL;
