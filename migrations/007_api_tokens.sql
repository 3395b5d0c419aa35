-- API tokens (/admin/tokens): a name, the scopes it grants, and the SHA-256 of the token.
-- The token itself is shown once at creation and never stored: a copy of the database (a
-- backup, an export) gives no one the power to call the API. Revoked tokens stay, so the
-- audit log's "token:<name>" keeps meaning one token; names are never reused.
CREATE TABLE api_tokens (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,
  scopes     TEXT NOT NULL,
  hash       TEXT NOT NULL UNIQUE CHECK (length(hash) = 64),
  created_at INTEGER NOT NULL,
  revoked_at INTEGER
) STRICT;
