/**
 * @module http/etag
 * Entity tags for answers computed from data (API reads, the Atom feed). If-None-Match uses the
 * WEAK comparison (RFC 9110 §13.1.2 and §13.1.3): `W/"x"` and `"x"` match, and so does `*`;
 * caches and proxies that re-encode a body turn tags weak, so an exact string match would
 * answer 200 to a client that already holds the document.
 */
import { createHash } from 'node:crypto';

/** A weak tag for this body: it names the content, not the bytes of one encoding. */
export const weakTag = (body: string | Uint8Array): string => `W/"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;

const opaque = (tag: string) => tag.trim().replace(/^W\//, '');

/** Whether If-None-Match (`header`) names this tag, by the weak comparison. */
export function noneMatch(header: string | undefined | null, tag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const mine = opaque(tag);
  return header.split(',').some((t) => opaque(t) === mine);
}
