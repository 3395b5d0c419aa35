-- A ban on one board, or on every board as before (board ''). The key becomes (poster, board):
-- a poster may be banned on one board for a day and everywhere for an hour, and each ends alone.
CREATE TABLE bans_by_board (
  poster     TEXT NOT NULL,
  board      TEXT NOT NULL DEFAULT '',
  reason     TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  expires_at INTEGER,
  PRIMARY KEY (poster, board)
) STRICT;
INSERT INTO bans_by_board (poster, board, reason, created_at, expires_at)
  SELECT poster, '', reason, created_at, expires_at FROM bans;
DROP TABLE bans;
ALTER TABLE bans_by_board RENAME TO bans;
