-- Notifications: the outbox of deliveries and each board's own notification settings.

-- One row per delivery (an event for one destination), written in the same transaction as the
-- change it reports, so nothing is lost to a crash or a receiver that is down. id is the
-- delivery id receivers dedupe on (X-Holler-Delivery); it stays the same across retries.
-- dest: instance-webhook | instance-email | board-webhook | board-email.
-- status: pending (waiting or retrying) | sent | failed (given up after a day of retries).
CREATE TABLE outbox (
  seq        INTEGER PRIMARY KEY AUTOINCREMENT,
  id         TEXT NOT NULL UNIQUE,
  event      TEXT NOT NULL,
  board      TEXT NOT NULL,
  dest       TEXT NOT NULL CHECK (dest IN ('instance-webhook', 'instance-email', 'board-webhook', 'board-email')),
  payload    TEXT NOT NULL,
  status     TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  attempts   INTEGER NOT NULL DEFAULT 0,
  next_at    INTEGER NOT NULL,
  last_error TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  sent_at    INTEGER
) STRICT;

CREATE INDEX outbox_pending ON outbox (next_at) WHERE status = 'pending';
CREATE INDEX outbox_sent ON outbox (dest, board, sent_at) WHERE status = 'sent';
-- The admin bar counts failing deliveries on every page: a partial index keeps that tiny.
CREATE INDEX outbox_failing ON outbox (seq) WHERE status = 'failed' OR (status = 'pending' AND attempts > 0);

-- A board's own destinations, besides the instance-wide ones from the environment.
-- events: comma-separated event names; email_digest: minutes between two mails (0 = each event).
CREATE TABLE notify_boards (
  board          TEXT PRIMARY KEY REFERENCES boards(slug) ON UPDATE CASCADE ON DELETE CASCADE,
  events         TEXT NOT NULL DEFAULT '',
  webhook_url    TEXT NOT NULL DEFAULT '',
  webhook_secret TEXT NOT NULL DEFAULT '',
  webhook_format TEXT NOT NULL DEFAULT 'generic' CHECK (webhook_format IN ('generic', 'slack', 'discord')),
  email_to       TEXT NOT NULL DEFAULT '',
  email_digest   INTEGER NOT NULL DEFAULT 10 CHECK (email_digest BETWEEN 0 AND 1440)
) STRICT;
