-- Messages by time: the spam guards rebuild from the last hours' posts at every start, and the
-- daily retention deletes by age. Without it both read the whole table, bodies included.
CREATE INDEX messages_created ON messages (created_at);
