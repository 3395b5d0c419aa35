/**
 * @module boot/banner
 * The lines shown at the first start, when Holler made the moderator password itself: where the
 * password is, where to log in and how to change it, in the words that work where Holler runs.
 * In a container, 0.0.0.0 is not an address a browser can use and `npm run admin` is not there:
 * the address is the published one, and the CLI runs with `docker exec`.
 */
import fs from 'node:fs';

/** Docker writes /.dockerenv into every container, Podman /run/.containerenv. */
export const inContainer = () => fs.existsSync('/.dockerenv') || fs.existsSync('/run/.containerenv');

export function firstStartBanner(o: { password: string; file: string; tty: boolean; publicUrl: string | null; host: string; port: number; container: boolean }): string {
  const anyHost = o.host === '0.0.0.0' || o.host === '[::]';
  const base = o.publicUrl ?? `http://${anyHost ? 'localhost' : o.host}:${o.port}`;
  const lines = o.tty
    ? [`Holler moderator password (shown only this once): ${o.password}`]
    : [`Holler moderator password: in ${o.file} (readable by this user only; delete it once you have logged in)`];
  if (o.container) {
    if (!o.tty) lines.push(`Read it with: docker exec <container> cat ${o.file}`);
    lines.push(`Log in at ${base}/admin/login${o.publicUrl ? '' : ' (with the host port you published; set PUBLIC_URL to show the real address)'}`);
    lines.push('Change it with: docker exec -it <container> node dist/cli.js set-password');
  } else {
    lines.push(`Log in at ${base}/admin/login`, 'Change it with: npm run admin -- set-password');
  }
  return `\n${lines.map((l) => `  ${l}`).join('\n')}\n\n`;
}
