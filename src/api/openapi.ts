/**
 * @module api/openapi
 * The OpenAPI 3.1 document of the JSON API, served at /api/openapi.json and rendered as the
 * /api page. Written by hand next to the routes; test/api/openapi.test.ts validates it against
 * the OpenAPI 3.1 schema and calls every operation, checking each answer against it.
 */
import { PAGE_SIZE, SCOPES } from '../store/store.ts';
import { BAN_DURATIONS, BAN_SCOPES, MESSAGE_ACTIONS } from '../store/moderate.ts';
import { ERROR_CODES } from './errors.ts';
import { MAX_LIMIT } from './public.ts';
import { TOKEN_BURST } from './auth.ts';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object, description: string) => ({ description, content: { 'application/json': { schema } } });
const problemJson = (description: string) => ({ description, content: { 'application/problem+json': { schema: ref('Problem') } } });
const error = (description: string) => ({ $ref: `#/components/responses/${description}` });
const path = (name: string, description: string, schema: object = { type: 'string' }) => ({ name, in: 'path', required: true, description, schema });
const query = (name: string, description: string, schema: object, example?: unknown) => ({ name, in: 'query', required: false, description, schema, ...(example === undefined ? {} : { example }) });
const slug = path('board', 'The board’s address, as in /b/BOARD.', { type: 'string', pattern: '^[a-z0-9-]{1,32}$' });
const messageId = path('id', 'A message id (the `id` of a message).');
const secured = (scope: string) => ({ security: [{ token: [scope] }] });
/** Says outright that a public operation needs no token (Redocly's security-defined rule). */
const open = { security: [] };
/** Every token route can answer these. */
const TOKEN_ERRORS = { 401: error('Unauthorized'), 403: error('Forbidden'), 429: error('TooManyRequests'), 503: error('Unavailable') };
/** A POST body past 64 KB. */
const TOO_LARGE = { 413: error('TooLarge') };
const day = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' };

const schemas = {
  Board: {
    type: 'object', required: ['slug', 'title', 'closed'], additionalProperties: false,
    properties: { slug: { type: 'string' }, title: { type: 'string' }, closed: { type: 'boolean', description: 'A closed board shows its messages and accepts no new ones.' } },
  },
  Message: {
    type: 'object', additionalProperties: false,
    required: ['id', 'seq', 'board', 'author', 'body', 'html', 'status', 'staff', 'pinned', 'createdAt', 'editedAt', 'rev', 'replyTo', 'replyName'],
    properties: {
      id: { type: 'string' }, seq: { type: 'integer', description: 'Order and cursor (after=, before=).' }, board: { type: 'string' },
      author: { type: 'string' }, body: { type: 'string', description: 'The text as posted (plain text).' },
      html: { type: 'string', description: 'The text as the widget shows it: escaped, links and line breaks.' },
      status: { enum: ['visible', 'held', 'deleted'], description: 'Always visible in the public answers.' },
      staff: { type: 'boolean' }, pinned: { type: 'boolean' }, createdAt: { type: 'string', format: 'date-time' },
      editedAt: { type: ['string', 'null'], format: 'date-time', description: 'When its author last edited the text.' },
      rev: { type: 'integer', description: 'The board rev of this message’s last change.' },
      replyTo: { type: ['string', 'null'], description: 'The id of the message this one answers.' },
      replyName: { type: ['string', 'null'], description: 'That message’s author, as named when this one was posted.' },
    },
  },
  MessagePage: {
    type: 'object', additionalProperties: false, required: ['board', 'rev', 'full', 'more', 'messages', 'removed'],
    properties: {
      board: { type: 'string' }, rev: { type: 'integer', description: 'The board’s current rev: pass it as rev= next time.' },
      full: { type: 'boolean', description: 'The newest page, whole: replace what you have (also when rev= was too old or ahead).' },
      more: { type: 'boolean', description: 'More messages lie beyond this page in its direction.' },
      messages: { type: 'array', items: ref('Message'), description: 'Oldest first.' },
      removed: { type: 'array', items: { type: 'string' }, description: 'With rev=: ids of messages no longer shown (deleted, or held for review again after an edit).' },
    },
  },
  Problem: {
    type: 'object', additionalProperties: false, required: ['type', 'title', 'status', 'detail', 'code'],
    description: 'An RFC 9457 problem document (application/problem+json).',
    properties: {
      type: { type: 'string', format: 'uri-reference', description: 'Always about:blank: the status says what kind of problem it is.' },
      title: { type: 'string', description: 'The HTTP status’s name.' },
      status: { type: 'integer' },
      detail: { type: 'string', description: 'The sentence a page would show, in the Accept-Language language.' },
      code: { enum: [...ERROR_CODES], description: 'A stable code for programs (an extension member).' },
    },
  },
  Transcript: {
    type: 'object', additionalProperties: false, required: ['board', 'from', 'to', 'messages'],
    properties: {
      board: { type: 'string' }, from: { type: 'string', format: 'date-time' }, to: { type: 'string', format: 'date-time' },
      messages: {
        type: 'array',
        items: {
          type: 'object', additionalProperties: false, required: ['id', 'time', 'author', 'staff', 'text'],
          properties: { id: { type: 'string' }, time: { type: 'string', format: 'date-time' }, author: { type: 'string' }, staff: { type: 'boolean' }, text: { type: 'string' } },
        },
      },
    },
  },
};

const errorResponses = {
  NotFound: problemJson('No such board, message or address.'),
  BadRequest: problemJson('A parameter or the body is not valid (code bad_parameter or bad_body).'),
  Unauthorized: problemJson('No token (token_missing), or an unknown or revoked one (token_invalid).'),
  Forbidden: problemJson('The token lacks the scope this needs (token_scope).'),
  TooManyRequests: problemJson(`Too many calls with this token (token_rate): ${TOKEN_BURST} at once, then one a second. Retry-After gives the seconds to wait.`),
  TooLarge: problemJson('The request body is over 64 KB (too_large).'),
  Unavailable: problemJson('The database cannot answer or write just now; try again after Retry-After seconds.'),
};

export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'Holler API', version: '1.0.0', license: { name: 'MIT', identifier: 'MIT' },
    description: 'Read a Holler instance’s boards and messages (public, CORS for every origin), and with a token post as staff, moderate and export.',
  },
  // The instance that serves this document: paths resolve against its own origin.
  servers: [{ url: '/', description: 'This Holler instance' }],
  paths: {
    '/api/v1/boards': {
      get: { operationId: 'listBoards', summary: 'Every board', tags: ['public'], ...open, responses: { 200: json({ type: 'object', required: ['boards'], additionalProperties: false, properties: { boards: { type: 'array', items: ref('Board') } } }, 'The boards, by address.'), 503: error('Unavailable') } },
    },
    '/api/v1/boards/{board}/messages': {
      get: {
        operationId: 'listMessages', summary: 'A board’s visible messages', tags: ['public'], ...open,
        description: 'Without a cursor, the newest page. At most one cursor: after= (newer than a seq, to read forward), before= (older than a seq), rev= (what changed since a rev, as the widget polls).',
        parameters: [
          slug,
          query('after', 'Messages with a greater seq.', { type: 'integer', minimum: 0 }),
          query('before', 'Messages with a smaller seq.', { type: 'integer', minimum: 0 }),
          query('rev', 'What changed since this board rev: new or changed messages and removed ids.', { type: 'integer', minimum: 0 }),
          query('limit', `Page size (default ${PAGE_SIZE}).`, { type: 'integer', minimum: 1, maximum: MAX_LIMIT }),
        ],
        responses: { 200: json(ref('MessagePage'), 'A page of messages, oldest first.'), 400: error('BadRequest'), 404: error('NotFound'), 503: error('Unavailable') },
      },
      post: {
        operationId: 'postMessage', summary: 'Post as staff', tags: ['post'], ...secured('post'),
        description: 'A verified staff message, under the same text rules as the admin’s form (also on a closed board). The name defaults to “Staff”.',
        parameters: [slug],
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['body'], properties: { body: { type: 'string' }, name: { type: 'string' } } }, example: { body: 'Welcome! The stream starts at 8.', name: 'Team' } } } },
        responses: { 201: json({ type: 'object', required: ['message'], additionalProperties: false, properties: { message: ref('Message') } }, 'Posted.'), 400: error('BadRequest'), 404: error('NotFound'), 422: problemJson('Refused by a text rule (empty, too_long, name_too_long).'), ...TOO_LARGE, ...TOKEN_ERRORS },
      },
    },
    '/api/v1/boards/{board}/export': {
      get: {
        operationId: 'exportBoard', summary: 'A board’s transcript', tags: ['export'], ...secured('export'),
        description: 'Visible messages posted between two days (UTC, both included), oldest first; the admin’s JSON download.',
        parameters: [slug, query('from', 'First day (default: the beginning).', day, '2026-01-01'), query('to', 'Last day (default: today).', day, '2026-12-31')],
        responses: { 200: json(ref('Transcript'), 'The transcript.'), 400: error('BadRequest'), 404: error('NotFound'), ...TOKEN_ERRORS },
      },
    },
    '/api/v1/messages/{id}': {
      get: { operationId: 'getMessage', summary: 'One visible message', tags: ['public'], ...open, parameters: [messageId], responses: { 200: json({ type: 'object', required: ['message'], additionalProperties: false, properties: { message: ref('Message') } }, 'The message.'), 404: error('NotFound'), 503: error('Unavailable') } },
    },
    '/api/v1/messages/{id}/ban': {
      post: {
        operationId: 'banPoster', summary: 'Ban a message’s poster', tags: ['moderate'], ...secured('moderate'),
        description: 'Bans whoever posted this message for a while or for good: on every board (scope "all", the default) or only on the message\'s board (scope "board"). The reason is shown to them.',
        parameters: [messageId],
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['duration'], properties: { duration: { enum: BAN_DURATIONS }, reason: { type: 'string' }, scope: { enum: [...BAN_SCOPES], default: 'all' } } }, example: { duration: '24h', reason: 'Spam' } } } },
        responses: {
          200: json({ type: 'object', required: ['ban'], additionalProperties: false, properties: { ban: { type: 'object', additionalProperties: false, required: ['board', 'message', 'duration', 'scope', 'expiresAt'], properties: { board: { type: 'string' }, message: { type: 'string' }, duration: { enum: BAN_DURATIONS }, scope: { enum: [...BAN_SCOPES] }, expiresAt: { type: ['string', 'null'], format: 'date-time' } } } } }, 'Banned.'),
          400: error('BadRequest'), 404: error('NotFound'), 422: problemJson('An unknown duration or scope, or a staff message (bad_parameter).'), ...TOO_LARGE, ...TOKEN_ERRORS,
        },
      },
    },
    '/api/v1/messages/{id}/{action}': {
      post: {
        operationId: 'moderateMessage', summary: 'Delete, restore, approve, pin or unpin', tags: ['moderate'], ...secured('moderate'),
        description: 'The change reaches every open widget at its next poll, and the audit log names the token.',
        parameters: [messageId, path('action', 'What to do.', { enum: [...MESSAGE_ACTIONS] })],
        responses: { 200: json({ type: 'object', required: ['message'], additionalProperties: false, properties: { message: ref('Message') } }, 'The message as it is now.'), 404: error('NotFound'), ...TOO_LARGE, ...TOKEN_ERRORS },
      },
    },
    '/api/openapi.json': {
      get: { operationId: 'openApi', summary: 'This document', tags: ['public'], ...open, responses: { 200: json({ type: 'object', required: ['openapi', 'paths'], properties: { openapi: { type: 'string' }, paths: { type: 'object' } } }, 'The OpenAPI 3.1 document.') } },
    },
  },
  components: {
    schemas,
    responses: errorResponses,
    securitySchemes: {
      token: { type: 'http', scheme: 'bearer', description: `A token made in /admin/tokens, with one or more scopes: ${SCOPES.join(', ')}.` },
    },
  },
} as const;
