/**
 * @module widget/poster-colour
 * A small colour per poster, so 20 names in one busy box can be told apart: one of 12 hues
 * (classes pc0…pc11 on the author's name; their CSS is at the end of public/widget.css). It is
 * derived from the poster key, which is already a keyed hash of the address (http/client-ip.ts,
 * secret in the database), hashed once more and cut to 12 values: stable for a poster (until
 * `rotate-secret`), and it tells nothing about the key or the address beyond "maybe the same
 * poster as another name of this colour". Staff and anonymous names keep their own look.
 */
import { createHash } from 'node:crypto';

export const POSTER_COLOURS = 12;

/** The poster's colour, 0…11. Rendered messages are cached (views.tsx), so this runs once per message. */
export function posterColour(poster: string): number {
  return createHash('sha256').update(`colour\n${poster}`).digest().readUInt32BE(0) % POSTER_COLOURS;
}
