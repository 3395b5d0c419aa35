/**
 * Regenerates docs/widget.png, the README's picture of the widget in light and dark:
 * `npx tsx scripts/readme-screenshot.ts` (needs /usr/bin/chromium; fonts-noto-color-emoji
 * for the emoji). Runs a throwaway server on a free loopback port with a few messages.
 */
import path from 'node:path';
import { launchBrowser, startHostPage, startServer } from '../test/support/browser.ts';

const server = await startServer();
const { store } = server;
const add = (author: string, body: string, staff = false) => {
  server.clock.advance(7 * 60_000 + 13_000);
  return store.addMessage({ board: 'main', author, body, poster: 'demo', staff });
};
add('Moderatrice', 'Benvenuti! Be kind and stay on topic.', true);
const pinned = add('Ann', 'Meetup on Friday at 18:00 :) details at https://example.org/meetup');
store.setPinned(pinned.id, true);
add('', 'Bonjour tout le monde 👋');
add('Luca', 'Ciao a tutti! Bellissimo <3');
add('Kim', 'Love the dark mode ;)');

const host = await startHostPage(
  (holler) => `<!doctype html><html><head><meta charset="utf-8"><title>Holler</title></head>
<body style="margin:0;display:flex;gap:0">
  <iframe src="${holler}/b/main?theme=light" title="light" style="width:380px;height:680px;border:0"></iframe>
  <iframe src="${holler}/b/main?theme=dark" title="dark" style="width:380px;height:680px;border:0"></iframe>
</body></html>`,
  server.url,
);
const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 760, height: 680 }, deviceScaleFactor: 1 });
  await page.goto(host.url);
  // Wait for the first poll too: it fills in "here now".
  for (const f of page.frames().slice(1)) await f.waitForSelector('#here:not([hidden])');
  const out = path.resolve('docs/widget.png');
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  await host.close();
  await server.close();
}
