/**
 * Reply mail end to end: real Chromium, a real Holler server (its notification worker running on
 * its own timer) and a real SMTP server. A visitor posts, opts in from their message's tools,
 * the confirmation mail arrives and its link (opened in the browser) confirms; another visitor
 * replies; the reply mail arrives within 10 s with the text escaped and the permalink; the
 * List-Unsubscribe-Post one-click POST unsubscribes and the next reply sends nothing. An address
 * never confirmed receives nothing but its confirmation.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import path from 'node:path';
import { runAxe } from '../support/axe.ts';
import { ARTIFACTS, describeBrowser, launchBrowser, startServer, watchErrors, type RunningServer } from '../support/browser.ts';
import { headerOf, linkIn, partOf, startSmtp } from '../notify/smtp.ts';

const PASSWORD = 'browser-test-password';

describeBrowser('reply mail in a real browser with a real SMTP server', () => {
  let browser: Browser;
  let server: RunningServer;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    smtp = await startSmtp();
    // PUBLIC_URL (the mails' links) names the server's own address.
    server = await startServer((url) => ({ SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), SMTP_FROM: 'holler@example.org', PUBLIC_URL: url, ADMIN_PASSWORD: PASSWORD }));
    server.store.setReplySettings('main', { mailOn: true, keepDays: 30 });
    server.notifier.start(); // as server.ts does: mail goes out on the worker's own rounds
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await server?.notifier.stop();
    await browser?.close();
    await server?.close();
    await smtp?.close();
  });

  /** A visitor on a device and address of their own (the test server trusts one proxy hop). */
  // bypassCSP only where axe's injected script must run; the other visitors keep our CSP (and any
  // violation fails them through watchErrors).
  async function visitor(name: string, ip: string, bypassCSP = false): Promise<{ page: Page; errors: string[] }> {
    const ctx = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': ip }, bypassCSP });
    contexts.push(ctx);
    const errors = await watchErrors(ctx);
    const page = await ctx.newPage();
    await page.goto(`${server.url}/b/main`);
    await page.fill('#h-name', name);
    return { page, errors };
  }

  async function send(page: Page, body: string) {
    await page.fill('#h-body', body);
    await page.click('#post-form button[type=submit]');
    await page.locator('#messages li', { hasText: body }).waitFor({ timeout: 15_000 });
    // The poller's next answer replaces this <li> once more (see messages.browser.test.ts): wait for it.
    const rev = server.store.getBoard('main')!.rev;
    await page.waitForFunction((r) => document.querySelector('#poller')?.getAttribute('hx-get')?.endsWith(`rev=${r}`), rev, { timeout: 15_000 });
  }

  /** Opens "Replies by mail or feed" on this device's message and opts in with `email`. */
  async function optIn(page: Page, body: string, email: string, checks = false) {
    const li = page.locator('#messages li', { hasText: body });
    await li.locator('button.own-replies').click();
    await li.locator('input[type=email]').waitFor({ timeout: 15_000 });
    if (checks) {
      await page.screenshot({ path: path.join(ARTIFACTS, 'reply-mail-panel.png') });
      expect((await runAxe(page)).violations).toEqual([]);
    }
    await li.locator('input[type=email]').fill(email);
    await li.getByRole('button', { name: 'Email me when someone replies' }).click();
    await li.getByText('Check your mail').waitFor({ timeout: 15_000 });
  }

  async function reply(page: Page, to: string, text: string) {
    await page.locator('#messages li', { hasText: to }).locator('a.reply').click();
    await expect.poll(() => page.inputValue('#h-body')).toMatch(/^@\w+ /);
    await page.locator('#h-body').press('End');
    await page.keyboard.type(text);
    await page.click('#post-form button[type=submit]');
    await page.locator('#messages li', { hasText: text }).waitFor({ timeout: 15_000 });
  }

  const mailsTo = async (email: string, n: number) => {
    await expect.poll(() => smtp.to(email).length, { timeout: 10_000, interval: 100 }).toBe(n);
    return smtp.to(email)[n - 1]!.raw;
  };

  it('opt in, confirm by the link, a reply arrives escaped within 10 s, one-click unsubscribe stops the next', { timeout: 120_000 }, async () => {
    const ann = await visitor('Ann', '198.51.100.1');
    const email = 'ann@example.net';
    await send(ann.page, 'Where do we meet on Friday?');
    await optIn(ann.page, 'Where do we meet on Friday?', email);

    const confirmation = await mailsTo(email, 1);
    const confirm = linkIn(confirmation, `${server.url}/replies/confirm/`)!;
    const tab = await ann.page.context().newPage();
    const axeCtx = await browser.newContext({ bypassCSP: true });
    contexts.push(axeCtx);
    const look = await axeCtx.newPage();
    await look.goto(confirm); // opening the link only asks: this confirms nothing
    expect((await runAxe(look)).violations).toEqual([]);
    await tab.goto(confirm);
    await tab.getByRole('button', { name: 'Yes, mail me the replies' }).click();
    await tab.getByText('You will get a mail when someone replies').waitFor({ timeout: 15_000 });

    // Someone who opts in and never confirms.
    const cy = await visitor('Cy', '198.51.100.2', true);
    await send(cy.page, 'Cy asks too');
    await optIn(cy.page, 'Cy asks too', 'cy@example.net', true);
    await mailsTo('cy@example.net', 1);

    const bob = await visitor('Bob', '198.51.100.3');
    const hostile = '<script>alert(1)</script> & <b>bold</b> at the "mill"';
    await reply(bob.page, 'Where do we meet on Friday?', hostile);
    const start = Date.now(); // the reply is posted (shown in Bob's box)
    const mail = await mailsTo(email, 2);
    const took = Date.now() - start;
    expect(took).toBeLessThan(10_000);
    console.log(`[reply mail] arrived ${took} ms after the reply was posted`);
    const html = partOf(mail, 'text/html');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt; at the &quot;mill&quot;');
    expect(html).not.toMatch(/<script|<b>bold/);
    const posted = server.store.latest('main')[0]!;
    expect(posted.body).toContain(hostile);
    const permalink = `${server.url}/b/main/m/${posted.id}#m-${posted.id}`;
    expect(mail).toContain(permalink);
    await tab.goto(permalink);
    await tab.locator(`#m-${posted.id}`, { hasText: 'at the "mill"' }).waitFor({ timeout: 15_000 });

    // RFC 8058: what a mail client sends for its Unsubscribe button.
    expect(headerOf(mail, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    const unsub = /^<([^>]+)>$/.exec(headerOf(mail, 'List-Unsubscribe')!)![1]!;
    const one = await fetch(unsub, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(one.status).toBe(200);

    await reply(bob.page, 'Where do we meet on Friday?', 'one more answer');
    await reply(bob.page, 'Cy asks too', 'an answer for Cy');
    await server.notifier.runOnce(); // a full round of the worker after both replies
    expect(smtp.to(email)).toHaveLength(2);
    expect(smtp.to('cy@example.net')).toHaveLength(1); // never confirmed: only the confirmation
    for (const v of [ann, cy, bob]) expect(v.errors).toEqual([]);
  });

  it('the private reply feed: made from the box, kept by the device for its next message, revoked from the box', { timeout: 120_000 }, async () => {
    const dee = await visitor('Dee', '198.51.100.4');
    const feedOf = async (body: string) => {
      const li = dee.page.locator('#messages li', { hasText: body });
      await li.locator('button.own-replies').click();
      await li.getByRole('button', { name: 'Get a private reply feed (no address needed)' }).click();
      const field = li.getByLabel('Your private reply feed');
      await field.waitFor({ timeout: 15_000 });
      return field.inputValue();
    };
    await send(dee.page, 'Dee asks once');
    const url = await feedOf('Dee asks once');
    expect(url).toMatch(new RegExp(`^${server.url}/replies/feed/[\\w-]{22}$`));
    expect(await dee.page.evaluate(() => localStorage.getItem('holler:feed'))).toBe(url.split('/').pop());
    await send(dee.page, 'Dee asks twice');
    expect(await feedOf('Dee asks twice')).toBe(url); // the same feed: the device sent its token

    const bob = await visitor('Bob', '198.51.100.5');
    await reply(bob.page, 'Dee asks once', 'first answer for Dee');
    await reply(bob.page, 'Dee asks twice', 'second answer for Dee');
    const atom = await (await fetch(url)).text();
    expect(atom).toContain('first answer for Dee');
    expect(atom).toContain('second answer for Dee');

    const li = dee.page.locator('#messages li', { hasText: 'Dee asks once' });
    await li.locator('button.own-cancel').click();
    await li.locator('button.own-replies').click();
    await li.getByRole('button', { name: 'Revoke my reply feed' }).click();
    await li.getByText('Your reply feed is revoked').waitFor({ timeout: 15_000 });
    expect(await dee.page.evaluate(() => localStorage.getItem('holler:feed'))).toBeNull();
    expect((await fetch(url)).status).toBe(404);
    for (const v of [dee, bob]) expect(v.errors).toEqual([]);
  });

  it("the owner answers from the admin list: a staff reply in the message's thread; the pages pass axe", { timeout: 120_000 }, async () => {
    const eve = await visitor('Eve', '198.51.100.6');
    await send(eve.page, 'Eve asks the owner');
    const asked = server.store.latest('main').find((m) => m.body === 'Eve asks the owner')!;
    const ctx = await browser.newContext({ bypassCSP: true }); // for axe; the visitors keep the CSP
    contexts.push(ctx);
    const mod = await ctx.newPage();
    await mod.goto(`${server.url}/admin/login`);
    await mod.fill('#a-password', PASSWORD);
    await mod.click('button[type=submit]');
    await mod.waitForURL(`${server.url}/admin`);
    await mod.locator(`#r-${asked.id}`).getByRole('link', { name: 'Reply' }).click();
    await mod.waitForURL(`${server.url}/admin/reply/${asked.id}`);
    expect((await runAxe(mod)).violations).toEqual([]);
    await mod.locator('#r-body').press('End');
    await mod.keyboard.type('the owner answers');
    await mod.getByRole('button', { name: 'Send' }).click();
    await mod.waitForURL(/\/admin\?board=main&done=1$/);
    const staff = server.store.latest('main')[0]!;
    expect(staff).toMatchObject({ staff: true, replyTo: asked.id, body: '@Eve the owner answers' });
    // Eve's open widget gets it at its next poll, "in reply to Eve".
    await eve.page.locator(`#m-${staff.id}`, { hasText: 'in reply to Eve' }).waitFor({ timeout: 15_000 });
    await mod.goto(`${server.url}/admin/replies`);
    await mod.getByText('Mail visitors who ask for it').waitFor();
    expect((await runAxe(mod)).violations).toEqual([]);
    await mod.goto(`${server.url}/admin/notifications`);
    expect((await runAxe(mod)).violations).toEqual([]);
    expect(eve.errors).toEqual([]);
  });
});
