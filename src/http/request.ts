/**
 * @module http/request
 * Reading a request the same way everywhere: form fields, the htmx marker, keyset cursors.
 */
import type { Context } from 'hono';

/** A posted form's text fields. A missing field, or one sent as a file, reads as ''. */
export type Form = {
  /** The field's value (the last one, when it was sent more than once). */
  get: (name: string) => string;
  /** Every value of a repeated field (checkboxes). */
  all: (name: string) => string[];
};

const texts = (v: unknown): string[] => ([] as unknown[]).concat(v ?? []).filter((x): x is string => typeof x === 'string');

/** The form of a POST, or null when the body cannot be read as one. */
export async function readForm(c: Context): Promise<Form | null> {
  // A urlencoded form (every browser's and htmx's) is read as text: Hono's parseBody makes a Web
  // Response and a FormData of it first, a good part of a post's cost. Multipart goes that way.
  if (c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase() === 'application/x-www-form-urlencoded') {
    const text = await c.req.text().catch(() => null);
    if (text === null) return null;
    const fields = new URLSearchParams(text);
    return { get: (name) => fields.getAll(name).at(-1) ?? '', all: (name) => fields.getAll(name) };
  }
  const body = await c.req.parseBody({ all: true }).catch(() => null);
  if (!body) return null;
  return { get: (name) => texts(body[name]).at(-1) ?? '', all: (name) => texts(body[name]) };
}

/** A form with no fields: what a handler that tolerates an unreadable body reads instead. */
export const NO_FORM: Form = { get: () => '', all: () => [] };

/** Whether htmx sent this request (it wants a fragment, not a page or a redirect). */
export const isHtmx = (c: Context): boolean => c.req.header('hx-request') === 'true';

/** A keyset cursor (a seq, a rev, a time) from the query string; anything else is no cursor. */
export function parseCursor(raw: string | undefined): number | undefined {
  return raw !== undefined && /^\d{1,15}$/.test(raw) ? Number(raw) : undefined;
}
