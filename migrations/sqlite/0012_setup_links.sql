-- A fresh site has no admin until its owner claims it through a setup link: a one-time
-- address the server prints at start and `blog setup-link` prints anew. Only a digest of the
-- link's token is kept; claiming the site uses up every link.
CREATE TABLE setup_links (
    token_hash TEXT PRIMARY KEY,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
