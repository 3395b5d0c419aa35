-- A board's own flood threshold: posts a minute from everyone together that turn on the
-- temporary slow mode. NULL = the instance's FLOOD_POSTS; the admin page offers presets
-- (src/posting/spam.ts FLOOD_PRESETS), so a live event's board is not slowed by its own crowd.
ALTER TABLE boards ADD COLUMN flood_posts INTEGER CHECK (flood_posts IS NULL OR flood_posts BETWEEN 0 AND 100000);
