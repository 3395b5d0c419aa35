-- Where a board's widget shows its newest message: at the top (form above, the default, as in
-- classic shoutboxes) or at the bottom (form below, as in chat apps).
ALTER TABLE boards ADD COLUMN newest_at TEXT NOT NULL DEFAULT 'top' CHECK (newest_at IN ('top', 'bottom'));
