-- Moderation: admin sessions, bans, the audit log, and per-board settings.

-- Admin sessions. Only a SHA-256 of the session id is kept: a copied database opens no session.
CREATE TABLE sessions (
  id_hash    TEXT PRIMARY KEY,
  created_at INTEGER NOT NULL,
  last_seen  INTEGER NOT NULL
) STRICT;

-- A ban is on a poster key (keyed hash of the client address). expires_at NULL = forever.
CREATE TABLE bans (
  poster     TEXT PRIMARY KEY,
  reason     TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  expires_at INTEGER
) STRICT;

-- Every moderator action: what, when, on which board/message/poster, and free-form details.
CREATE TABLE audit (
  seq     INTEGER PRIMARY KEY AUTOINCREMENT,
  at      INTEGER NOT NULL,
  action  TEXT NOT NULL,
  board   TEXT,
  message TEXT,
  poster  TEXT,
  details TEXT NOT NULL DEFAULT ''
) STRICT;

-- Slow mode and "remove everything from this poster" look messages up by poster and time.
CREATE INDEX messages_poster_created ON messages (poster, created_at);
-- The admin bar counts held messages on every page: a partial index keeps that tiny.
CREATE INDEX messages_held ON messages (seq) WHERE status = 'held';

-- Board settings. poll_interval NULL = the instance's POLL_INTERVAL.
ALTER TABLE boards ADD COLUMN slow_mode INTEGER NOT NULL DEFAULT 0 CHECK (slow_mode BETWEEN 0 AND 86400);
ALTER TABLE boards ADD COLUMN premoderate INTEGER NOT NULL DEFAULT 0;
ALTER TABLE boards ADD COLUMN links_allowed INTEGER NOT NULL DEFAULT 1;
ALTER TABLE boards ADD COLUMN words TEXT NOT NULL DEFAULT '';
ALTER TABLE boards ADD COLUMN words_action TEXT NOT NULL DEFAULT 'block' CHECK (words_action IN ('block', 'hold'));
ALTER TABLE boards ADD COLUMN poll_interval INTEGER CHECK (poll_interval BETWEEN 1 AND 600);
ALTER TABLE boards ADD COLUMN presence INTEGER NOT NULL DEFAULT 0;
