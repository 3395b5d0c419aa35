/**
 * @module posting/random-ids
 * Random base64url strings cut from a pool the CSPRNG refills once per 256 of them: form tokens'
 * ids (form-token.ts) and owners' secrets (widget/ownership.ts) are made on every page view and
 * post, and a CSPRNG call of its own per string cost more than the work around it.
 */
import { randomFillSync } from 'node:crypto';

/** A maker of random strings of `bytes` random bytes each, base64url. */
export function randomIds(bytes: number): () => string {
  const pool = Buffer.alloc(bytes * 256);
  let taken = pool.length;
  return () => {
    if (taken === pool.length) (randomFillSync(pool), (taken = 0));
    return pool.toString('base64url', taken, (taken += bytes));
  };
}
