-- People, as the admins' members page shows them. A suspended account keeps its posts and can
-- read, but its sessions end and it cannot sign in; every server keeps the (short) list of
-- suspended accounts in memory, read through the partial index.
ALTER TABLE users ADD COLUMN suspended_at BIGINT;
-- A deleted account leaves a tombstone: its id, never used again, suspended for good.
ALTER TABLE users ADD COLUMN deleted_at BIGINT;
CREATE INDEX users_suspended ON users (id) WHERE suspended_at IS NOT NULL;
-- The members page sorted by published posts, most first: a slice of this index in order.
CREATE INDEX users_by_posts ON users (published_posts DESC, id DESC);
