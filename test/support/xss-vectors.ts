/** The XSS regression corpus (xss-vectors.json): hostile strings every path from user text to HTML must keep inert. */
import fs from 'node:fs';

export const XSS_VECTORS: readonly string[] = JSON.parse(fs.readFileSync(new URL('./xss-vectors.json', import.meta.url), 'utf8')).vectors;
