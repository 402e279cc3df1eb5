-- Changes made outside the servers: the `blog` command line writing to the database while
-- they run (an import). The commands move this counter; every server watches it and forgets
-- its cached pages when it moves.
CREATE TABLE outside_changes (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT  NOT NULL
);
INSERT INTO outside_changes (id, version) VALUES (1, 0);
