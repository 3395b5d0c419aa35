-- Security round 2 (issue 15).

-- A session belongs to the password it was opened with: a SHA-256 of the stored password hash
-- (scrypt string), so any change of password, by any route, ends the sessions opened before it.
-- Sessions from before this migration have '' and end once.
ALTER TABLE sessions ADD COLUMN password_tag TEXT NOT NULL DEFAULT '';

-- When a message was deleted: the purge of deleted messages (PURGE_DELETED_DAYS) counts from
-- here, not from posting. Messages deleted before this migration count from the upgrade (we do
-- not know when they were deleted; this errs towards giving the moderator the full undo time).
ALTER TABLE messages ADD COLUMN deleted_at INTEGER;
UPDATE messages SET deleted_at = CAST(unixepoch('subsec') * 1000 AS INTEGER) WHERE status = 'deleted';

-- Who did it: 'session:<id>' (a moderator session, by a short tag of its hash), 'cli',
-- 'token:<name>' (an API token), 'author' (a visitor acting on their own message), or '' for
-- entries from before this migration.
ALTER TABLE audit ADD COLUMN actor TEXT NOT NULL DEFAULT '';
-- AUDIT_RETAIN_DAYS erases old entries by time.
CREATE INDEX audit_at ON audit (at);

-- Spent form-token ids until the token would have expired anyway (a day), so a captured token
-- cannot be replayed after a restart. Written in the same transaction as the post it carried.
CREATE TABLE spent_tokens (
  id         TEXT PRIMARY KEY,
  expires_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
