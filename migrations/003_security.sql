-- Security round 2 (issue 15).

-- A session belongs to the password it was opened with: a SHA-256 of the stored password hash
-- (scrypt string), so any change of password, by any route, ends the sessions opened before it.
-- Sessions from before this migration have '' and end once.
ALTER TABLE sessions ADD COLUMN password_tag TEXT NOT NULL DEFAULT '';
