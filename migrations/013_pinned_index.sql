-- The pinned messages of a board (the widget's #pinned list, in every first view and every feed
-- answer with changes). Without it, SQLite walks messages_board_status_seq through every visible
-- message of the board looking for pinned ones: 1.2 ms on a board of 10,000 messages, and again
-- for each page or feed answer rendered after a change. Partial: only pinned rows are in it.
CREATE INDEX messages_pinned ON messages (board, status, seq) WHERE pinned = 1;
