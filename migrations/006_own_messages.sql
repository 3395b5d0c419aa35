-- Replies, the author's own edits and deletions, and each board's edit window.

-- reply_to: public id of the message this one answers (same board, checked when posted). No
-- foreign key: retention may erase the original, and the reply stays. reply_name: the answered
-- author's name as it was then, for "in reply to …" without a join on every read.
ALTER TABLE messages ADD COLUMN reply_to TEXT;
ALTER TABLE messages ADD COLUMN reply_name TEXT;
-- When the author last edited the text (NULL = never): the widget shows "edited".
ALTER TABLE messages ADD COLUMN edited_at INTEGER;
-- SHA-256 (hex) of the random secret the author's device holds: only it may edit or delete the
-- message, and only within the board's edit window. The secret itself is never stored.
ALTER TABLE messages ADD COLUMN owner_hash TEXT;

-- Minutes after posting during which the author may edit or delete their message (0 = never).
ALTER TABLE boards ADD COLUMN edit_window INTEGER NOT NULL DEFAULT 5 CHECK (edit_window BETWEEN 0 AND 60);
