/**
 * @module i18n/en-api
 * English strings of the JSON API (its error sentences, the /api page) and of the admin's
 * Tokens page: the reference for the other *-api.ts files, which must have every key. The API's other errors reuse the
 * pages' own sentences (en.ts), so a program shows what a page would have said.
 */
export const enApi = {
  api_token_missing: 'This needs an API token, sent as “Authorization: Bearer <token>”.',
  api_token_invalid: 'This API token is not valid, or it has been revoked.',
  api_token_scope: 'This API token may not do this: it needs the “{scope}” scope.',
  api_token_rate: 'Too many calls with this API token. Please try again in {seconds} s.',
  api_bad_body: 'The request body could not be read: send a JSON object as the documentation shows.',
  api_bad_param: 'The parameter “{name}” is not valid. Please check it and try again.',
  api_no_route: 'There is no such API address. The list of addresses is at /api.',
  api_title: 'JSON API',
  api_intro: 'Version 1. Reading is public and needs no token; any site may call it from a browser. Writing needs a token made in the admin (API tokens) and sent as “Authorization: Bearer <token>”. Answers are JSON; an error is an RFC 9457 problem (application/problem+json: type, title, status, detail, code), with the detail in the Accept-Language language.',
  api_spec_link: 'The OpenAPI 3.1 document',
  api_public: 'Public, no token',
  api_scope: 'Token scope: {scope}',
  api_parameters: 'Parameters',
  api_responses: 'Answers',
  api_example: 'Example',
  api_required: 'required',
  tokens_title: 'API tokens',
  tokens_intro: 'A token lets a program use the API with the scopes you give it. It is shown once, when it is made: Holler keeps only a hash of it. Revoking a token takes effect at once.',
  tokens_docs: 'API documentation',
  tokens_name: 'Name (a-z, 0-9, “.”, “_”, “-”; the audit log shows it)',
  tokens_scopes: 'Scopes',
  tokens_scope_post: 'post: post as staff',
  tokens_scope_moderate: 'moderate: delete, restore, approve, pin messages and ban posters',
  tokens_scope_export: 'export: download transcripts',
  tokens_create: 'Create token',
  tokens_created: 'Token “{name}” created. Copy it now: it will not be shown again.',
  tokens_none: 'No tokens yet.',
  tokens_made: 'created {time}',
  tokens_revoked: 'revoked {time}',
  tokens_used: 'last used {time}',
  tokens_never_used: 'never used',
  tokens_revoke: 'Revoke',
  tokens_bad_name: 'The name may use only a-z, 0-9, “.”, “_” and “-”, up to 40 characters, and must start with a letter or digit.',
  tokens_name_taken: 'A token with this name exists or existed. Please choose another name.',
  tokens_no_scope: 'Please choose at least one scope.',
  audit_token_create: 'API token created',
  audit_token_revoke: 'API token revoked',
} as const;

export type ApiKey = keyof typeof enApi;
export type ApiDict = Readonly<Record<ApiKey, string>>;
