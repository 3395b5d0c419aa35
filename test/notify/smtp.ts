/**
 * A real SMTP server on 127.0.0.1 (smtp-server) that keeps every mail, for the mail tests. With
 * `login`, it takes only that user and password (plain AUTH on loopback: no certificate to fake,
 * and the login is still checked).
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export type ReceivedMail = { from: string; to: string[]; user: string; raw: string; at: number };

/** A header's value, unfolded (RFC 5322 folds long lines). */
export const headerOf = (raw: string, name: string): string | undefined => {
  const head = raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
  return new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head)?.[1]?.trim();
};

/** The body of the MIME part of this type (text/plain, text/html), up to the next boundary. */
export const partOf = (raw: string, type: string): string => {
  const at = raw.search(new RegExp(`Content-Type: ${type}`, 'i'));
  if (at < 0) return '';
  const body = raw.slice(at).split(/\r?\n\r?\n/).slice(1).join('\n\n');
  return body.split(/\r?\n--/)[0]!;
};

/** The first URL in the mail that starts with `prefix`. */
export const linkIn = (raw: string, prefix: string): string | undefined =>
  new RegExp(`${prefix.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}[\\w./#?=&%-]*`).exec(raw)?.[0];

export async function startSmtp(opts: { login?: { user: string; pass: string } } = {}) {
  const mails: ReceivedMail[] = [];
  const waiters: Array<() => void> = [];
  const { login } = opts;
  const server = new SMTPServer({
    disabledCommands: login ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, cb) {
      if (login && auth.username === login.user && auth.password === login.pass) cb(null, { user: auth.username });
      else cb(new Error('Invalid username or password'));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          user: String(session.user),
          // Quoted-printable, decoded enough for checks (soft breaks and =XX as bytes, then UTF-8).
          raw: Buffer.from(Buffer.concat(chunks).toString('latin1').replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'),
          at: Date.now(),
        });
        waiters.splice(0).forEach((w) => w());
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    mails,
    to: (address: string) => mails.filter((m) => m.to.includes(address)),
    /** Resolves when a mail arrives (for the browser test, where the server's own timer sends). */
    next: () => new Promise<void>((resolve) => waiters.push(resolve)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
