-- When each API token was last used, to the minute (/admin/tokens shows it, so a token that no
-- program uses any more can be spotted and revoked). Written at most once a minute per token.
ALTER TABLE api_tokens ADD COLUMN last_used_at INTEGER;
