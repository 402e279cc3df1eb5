-- Comment moderation. A comment the site's policy or a signal (too many links, a listed word)
-- holds waits, seen only by its writer and those who moderate it, until it is approved; one
-- marked spam is kept out of sight. Each queue is a slice of its partial index in order
-- (one per state: a query names the state it reads, and the planner matches it exactly).
ALTER TABLE comments ADD COLUMN state TEXT NOT NULL DEFAULT 'shown'
    CHECK (state IN ('shown', 'held', 'spam'));
-- Why a held comment was held: 'policy', 'first_comment', 'links' or 'words'.
ALTER TABLE comments ADD COLUMN held_because TEXT;
CREATE INDEX comments_held ON comments (created_at, id) WHERE state = 'held';
CREATE INDEX comments_spam ON comments (created_at, id) WHERE state = 'spam';
-- "Has this account a comment that was let through?" for the first-comment policy, and a
-- banned account's waiting comments, in one index.
CREATE INDEX comments_by_author ON comments (author_id, state);
-- A post whose author (or a moderator) closed its comments, and when.
ALTER TABLE posts ADD COLUMN comments_closed_at BIGINT;
-- A banned account reads but does not write: no comments, no posts.
ALTER TABLE users ADD COLUMN banned_at BIGINT;
CREATE INDEX users_banned ON users (banned_at DESC, id DESC) WHERE banned_at IS NOT NULL;
-- A comment's Markdown as sanitized HTML, rendered when it is written (NULL for comments
-- written before comments had Markdown: rendered when read).
ALTER TABLE comments ADD COLUMN body_html TEXT;
