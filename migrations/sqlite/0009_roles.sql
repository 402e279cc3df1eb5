-- Four roles instead of two: editors publish and edit anyone's posts, contributors write drafts
-- that an editor publishes. SQLite cannot change a CHECK constraint in place, but it can drop a
-- column whose only constraint is its own: the role moves to a new column with the wider check.
ALTER TABLE users ADD COLUMN role_with_editors TEXT NOT NULL DEFAULT 'author'
    CHECK (role_with_editors IN ('admin', 'editor', 'author', 'contributor'));
UPDATE users SET role_with_editors = role;
ALTER TABLE users DROP COLUMN role;
ALTER TABLE users RENAME COLUMN role_with_editors TO role;

-- Finding the admins (the last one cannot step down; imports fall back to the first).
CREATE INDEX users_role ON users (role, id);

-- The drafts editors review, newest first: a slice of this index in order (status leads, so the
-- planner prefers it to posts_published for drafts).
CREATE INDEX posts_drafts ON posts (status, created_at DESC, id DESC) WHERE status = 'draft';
