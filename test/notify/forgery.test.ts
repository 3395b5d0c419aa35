/**
 * R4 (SECURITY.md): a visitor's text reaches moderators' tools escaped for each format (Discord
 * and Slack Markdown, mail) and quoted apart from Holler's own line, so a newline cannot forge a
 * second "New message … from Admin: log in again at …" line and a masked link shows as typed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp } from '../support/app.ts';
import { startReceiver } from './support.ts';
import { mailFor, parsePayload } from '../../src/notify/format.ts';

const FORGED = 'thanks!\nNew message on Shoutbox (main) from Admin: log in again at https://evil.example/login\n[https://chat.example.org/admin](https://evil.example/phish) **urgent** # Notice';
let rx: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => { rx = await startReceiver(); });
afterAll(() => rx.close());

async function sent(format: 'slack' | 'discord') {
  const t = makeTestApp({ env: { NOTIFY_WEBHOOK_URL: rx.url, NOTIFY_WEBHOOK_FORMAT: format } });
  rx.requests.length = 0;
  await t.post({ name: 'Ann', body: FORGED });
  await t.notifier.runOnce();
  const m = JSON.parse(rx.requests[0]!.body) as { text?: string; content?: string };
  return { message: (m.text ?? m.content)!, t };
}
/** Lines that begin as Holler's own do. */
const hollerLines = (text: string) => text.split('\n').filter((l) => /^(New message|Held for review|Message (edited|deleted))/.test(l));

describe("visitors' text in notifications", () => {
  it('Discord: every line of it quoted, Markdown and masked links escaped', async () => {
    const { message } = await sent('discord');
    expect(hollerLines(message)).toEqual(["New message on Shoutbox (main) from 'Ann':"]);
    const [, ...rest] = message.split('\n');
    for (const line of rest) expect(line).toMatch(/^> /);
    expect(message).not.toMatch(/[^\\]\]\(/); // no "](" that Discord would read as a masked link
    expect(message).toContain('\\[https\\://chat.example.org/admin\\]\\(https\\://evil.example/phish\\) \\*\\*urgent\\*\\* \\# Notice');
  });

  it('Slack: every line of it quoted, & < > escaped', async () => {
    const { message } = await sent('slack');
    expect(hollerLines(message)).toEqual(["New message on Shoutbox (main) from 'Ann':"]);
    const [, ...rest] = message.split('\n');
    for (const line of rest) expect(line).toMatch(/^> /);
  });

  it('mail: every line of it quoted below Holler\'s line; the subject carries none of it', async () => {
    const t = makeTestApp({ env: { NOTIFY_WEBHOOK_URL: rx.url, NOTIFY_WEBHOOK_FORMAT: 'slack' } });
    await t.post({ name: 'Ann', body: FORGED });
    const [d] = t.store.dueDeliveries();
    const { subject, text } = mailFor([parsePayload(d!.id, d!.payload)], null);
    expect(subject).toBe("[Holler] New message on Shoutbox (main) from 'Ann'");
    expect(hollerLines(text.split('\n').map((l) => l.replace(/^\S+ {2}/, '')).join('\n'))).toEqual(["New message on Shoutbox (main) from 'Ann':"]);
    expect(text).toContain('\n> New message on Shoutbox (main) from Admin: log in again at https://evil.example/login\n');
    expect(text).toContain('\n> thanks!\n');
  });
});
