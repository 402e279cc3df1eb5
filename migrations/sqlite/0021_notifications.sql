-- Email an author can turn off: a comment on one's post, and (for those who moderate) a
-- comment held for moderation. Each is on while its column is NULL, and off since then.
ALTER TABLE users ADD COLUMN comment_emails_off_at BIGINT;
ALTER TABLE users ADD COLUMN held_emails_off_at BIGINT;
