-- Holler's first schema. Shipped migration files are never edited: add 002_… instead.

-- Key/value settings of the instance: the generated poster-key secret, later the admin hash.
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

-- A board is one shoutbox. rev is its change counter: every visible change bumps it in the
-- same transaction and stamps the changed message with it, which is what polls compare.
CREATE TABLE boards (
  slug       TEXT PRIMARY KEY CHECK (length(slug) BETWEEN 1 AND 32 AND slug NOT GLOB '*[^a-z0-9-]*'),
  title      TEXT NOT NULL,
  max_length INTEGER NOT NULL DEFAULT 280 CHECK (max_length BETWEEN 1 AND 2000),
  lang       TEXT,
  closed     INTEGER NOT NULL DEFAULT 0,
  rev        INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
) STRICT;

-- seq orders messages and is the archive cursor (AUTOINCREMENT: never reused); id is the
-- public nanoid shown in HTML. body is normalised plain text, rendered to HTML on read.
-- poster is a keyed hash of the client address, never the address itself.
CREATE TABLE messages (
  seq        INTEGER PRIMARY KEY AUTOINCREMENT,
  id         TEXT NOT NULL UNIQUE,
  board      TEXT NOT NULL REFERENCES boards(slug) ON UPDATE CASCADE,
  author     TEXT NOT NULL DEFAULT '',
  body       TEXT NOT NULL,
  poster     TEXT NOT NULL,
  status     TEXT NOT NULL DEFAULT 'visible' CHECK (status IN ('visible', 'held', 'deleted')),
  staff      INTEGER NOT NULL DEFAULT 0,
  pinned     INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  rev        INTEGER NOT NULL
) STRICT;

CREATE INDEX messages_board_status_seq ON messages (board, status, seq);
CREATE INDEX messages_board_rev ON messages (board, rev);

INSERT INTO boards (slug, title, created_at)
VALUES ('main', 'Shoutbox', CAST(unixepoch('subsec') * 1000 AS INTEGER));
