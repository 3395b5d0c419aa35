/**
 * Regenerates the README's pictures of the widget: docs/widget.png (light and dark) and
 * docs/widget-more.png (a reply under way, in reply to another message; Arabic, right to left):
 * `npx tsx scripts/readme-screenshot.ts` (needs /usr/bin/chromium; fonts-noto-color-emoji for
 * the emoji, fonts-noto-core for Arabic). Runs a throwaway server on a free loopback port with a
 * few messages from the last hour, so the times read as visitors see them ("7 min ago").
 */
import path from 'node:path';
import { launchBrowser, startHostPage, startServer } from '../test/support/browser.ts';

const server = await startServer();
const { store } = server;
// The browser's clock is the real one: the messages are from the last 45 minutes.
server.clock.set(Date.now() - 60 * 60_000); // eight messages 7 min apart: all in the past
const add = (author: string, body: string, o: { staff?: boolean; replyTo?: { id: string; author: string } } = {}) => {
  server.clock.advance(7 * 60_000 + 13_000);
  return store.addMessage({ board: 'main', author, body, poster: 'demo', staff: o.staff, replyTo: o.replyTo?.id, replyName: o.replyTo?.author });
};
add('Moderatrice', 'Benvenuti! Be kind and stay on topic.', { staff: true });
const pinned = add('Ann', 'Meetup on Friday at 18:00 :) details at https://example.org/meetup');
store.setPinned(pinned.id, true);
add('', 'Bonjour tout le monde 👋');
const luca = add('Luca', 'Ciao a tutti! Is anyone coming on Friday?');
add('Kim', '@Luca yes, from 8 :)', { replyTo: luca });
add('Kim', 'Love the dark mode ;)');
add('سارة', 'مرحبا بالجميع! أراكم يوم الجمعة 👋');
add('Omar', '@سارة أهلاً، سأكون هناك', { replyTo: { id: store.latest('main', 1)[0]!.id, author: 'سارة' } });

const frame = (src: string, title: string) => `<iframe src="${src}" title="${title}" style="width:380px;height:680px;border:0"></iframe>`;
const page2 = (frames: string) => `<!doctype html><html><head><meta charset="utf-8"><title>Holler</title></head>
<body style="margin:0;display:flex;gap:0">${frames}</body></html>`;
const hosts = {
  widget: await startHostPage((h) => page2(frame(`${h}/b/main?theme=light`, 'light') + frame(`${h}/b/main?theme=dark`, 'dark')), server.url),
  'widget-more': await startHostPage((h) => page2(frame(`${h}/b/main?theme=light`, 'reply') + frame(`${h}/b/main?lang=ar&theme=dark`, 'arabic')), server.url),
};
const browser = await launchBrowser();
try {
  for (const [name, host] of Object.entries(hosts)) {
    const page = await browser.newPage({ viewport: { width: 760, height: 680 }, deviceScaleFactor: 1 });
    await page.goto(host.url);
    // Wait for the first poll too: it fills in "here now".
    for (const f of page.frames().slice(1)) await f.waitForSelector('#here:not([hidden])');
    if (name === 'widget-more') {
      // A visitor answers Kim: Reply puts @Kim in the box and says whom the message answers.
      const reply = page.frames()[1]!;
      await reply.focus('#h-body'); // the name field shows once the visitor turns to the message line
      await reply.fill('#h-name', 'Zoé');
      await reply.hover('#messages li:has-text("Love the dark mode")'); // Reply shows on hover (issue 22)
      await reply.click('#messages li:has-text("Love the dark mode") a.reply');
      await reply.waitForSelector('#h-replying:not([hidden])');
      await reply.type('#h-body', 'me too!');
      await page.mouse.move(759, 679); // no hover underline in the picture
    }
    const out = path.resolve(`docs/${name}.png`);
    await page.screenshot({ path: out });
    console.log(`wrote ${out}`);
    await page.close();
  }
} finally {
  await browser.close();
  for (const host of Object.values(hosts)) await host.close();
  await server.close();
}
