-- Replies reach people who left: opt-in reply mail and private reply feeds (src/store/subscriptions.ts).

-- One row per opt-in to mail about the direct replies to one message. The address is personal
-- data: it lives only here, only while needed (deleted on unsubscribe and after the board's
-- reply_days), and no page, API answer, export or log shows it. The links in the mails are an
-- HMAC of the row id (no token is stored). last_seq: the newest reply already mailed (or the
-- board's newest message when the opt-in was made), so only newer replies are sent.
CREATE TABLE reply_subs (
  id           TEXT PRIMARY KEY,
  board        TEXT NOT NULL REFERENCES boards(slug) ON UPDATE CASCADE ON DELETE CASCADE,
  message      TEXT NOT NULL,
  email        TEXT NOT NULL,
  lang         TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  confirm_sent INTEGER,
  confirmed_at INTEGER,
  last_seq     INTEGER NOT NULL DEFAULT 0,
  last_mail_at INTEGER,
  failures     INTEGER NOT NULL DEFAULT 0,
  next_try_at  INTEGER NOT NULL DEFAULT 0,
  UNIQUE (message, email)
) STRICT;
CREATE INDEX reply_subs_email ON reply_subs (email, created_at);
CREATE INDEX reply_subs_board ON reply_subs (board, created_at);

-- Private reply feeds: the SHA-256 of a random token (the token itself is never stored) and the
-- messages whose replies it lists.
CREATE TABLE reply_feeds (
  hash       TEXT PRIMARY KEY,
  board      TEXT NOT NULL REFERENCES boards(slug) ON UPDATE CASCADE ON DELETE CASCADE,
  lang       TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;
CREATE TABLE reply_feed_messages (
  hash    TEXT NOT NULL REFERENCES reply_feeds(hash) ON DELETE CASCADE,
  message TEXT NOT NULL,
  PRIMARY KEY (hash, message)
) STRICT;

-- A board's reply-mail switch (off by default) and how many days an address is kept.
CREATE TABLE reply_settings (
  board      TEXT PRIMARY KEY REFERENCES boards(slug) ON UPDATE CASCADE ON DELETE CASCADE,
  mail_on    INTEGER NOT NULL DEFAULT 0 CHECK (mail_on IN (0, 1)),
  keep_days  INTEGER NOT NULL DEFAULT 30 CHECK (keep_days BETWEEN 1 AND 365)
) STRICT;

-- Replies to a message: the reply mail worker and the feeds look them up by reply_to.
CREATE INDEX messages_reply_to ON messages (reply_to, seq) WHERE reply_to IS NOT NULL;
