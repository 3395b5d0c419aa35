/**
 * The box at 300×480 as a blog's sidebar shows it, six times in one picture (docs/box-300x480.png):
 * light and dark with a pinned message, Arabic, an empty board, a busy board (20 posters), and
 * the pinned line opened. `npx tsx scripts/box-screenshots.ts` (needs /usr/bin/chromium and
 * fonts-noto-color-emoji, fonts-noto-core for Arabic). A throwaway server on a loopback port.
 */
import path from 'node:path';
import { launchBrowser, startHostPage, startServer } from '../test/support/browser.ts';

const server = await startServer({}, { boards: [{ slug: 'empty', title: 'Bakers’ corner' }, { slug: 'busy', title: 'Bake-along live' }, { slug: 'ar', title: 'ركن الخبّازين', lang: 'ar' }] });
const { store } = server;
store.updateBoard('main', { ...store.getBoard('main')!, title: 'Bakers’ corner' });
// The browser's clock is the real one: the messages are from the last hour.
server.clock.set(Date.now() - 60 * 60_000);
const add = (board: string, author: string, body: string, stepS = 130) => {
  server.clock.advance(stepS * 1000);
  return store.addMessage({ board, author, body, poster: `p-${author}` });
};
const pin = add('main', 'Elena', 'Welcome to the Bakers’ corner! Share your bakes, be kind. Saturday bake-along starts at 10:00 CET.');
store.setPinned(pin.id, true);
const chat = [
  ['Hana', 'My rye starter finally doubled :)'], ['Priya', 'How warm is your kitchen?'], ['Hana', 'About 24 °C'],
  ['Mateo', 'Anyone tried the spelt recipe?'], ['Sofia', 'Yes! A bit dense, add more water'], ['Chloé', 'first time here 👋'],
  ['Elena', '@Chloé welcome!'], ['Mateo', 'thanks Sofia'], ['Priya', 'Saturday I bring focaccia'], ['Kim', 'count me in'],
  ['Chloé', 'what flour do you use?'], ['Sofia', 'type 1, stone-ground'],
];
for (const [a, b] of chat) add('main', a!, b!);
const names = ['Chloé', 'Mateo', 'Sofia', 'Hana', 'Priya', 'Elena', 'Kim', 'Luca', 'Zoé', 'Omar', 'Ines', 'Tom', 'Aiko', 'Ravi', 'Lena', 'Noor', 'Pablo', 'Mia', 'Jonas', 'Ada'];
const lines = ['oven is preheating', 'dough looks sticky, normal?', 'yes, wet hands help', 'folding now', 'first time joining a bake-along 👋', 'mine rose too fast', 'put it in the fridge', 'lovely crumb!', 'what temperature?', '250 then 230', 'done in 35 min', 'smells amazing'];
for (let i = 0; i < 40; i++) add('busy', names[i % 20]!, lines[i % lines.length]!, 20);
const ar = [['سارة', 'مرحبا بالجميع! أراكم يوم السبت 👋'], ['عمر', 'هل جرّب أحد خبز الجاودار؟'], ['ليلى', 'نعم، يحتاج ماءً أكثر'], ['سارة', 'شكرًا يا ليلى'], ['يوسف', 'سأحضر الفوكاتشا'], ['ليلى', 'رائع!']];
for (const [a, b] of ar) add('ar', a!, b!);

const frame = (src: string, title: string) => `<iframe src="${src}" title="${title}" style="width:300px;height:480px;border:0;outline:1px solid #ccc"></iframe>`;
const host = await startHostPage((h) => `<!doctype html><html><head><meta charset="utf-8"><title>Holler box</title></head>
<body style="margin:0;padding:8px;display:grid;grid-template-columns:repeat(3,300px);gap:8px;background:#f3efe7">
${frame(`${h}/b/main?theme=light`, 'light')}${frame(`${h}/b/main?theme=dark`, 'dark')}${frame(`${h}/b/ar?theme=light`, 'arabic')}
${frame(`${h}/b/empty?theme=light`, 'empty')}${frame(`${h}/b/busy?theme=light`, 'busy')}${frame(`${h}/b/main?theme=light&lang=en`, 'pin')}</body></html>`, server.url);
const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 932, height: 1000 }, deviceScaleFactor: 1 });
  await page.goto(host.url);
  // "N here now" counts the others (the three main boxes see each other; the rest are alone).
  for (const f of page.frames().slice(1)) await f.waitForFunction(() => !document.getElementById('emoji-btn')!.hidden);
  await page.frames()[1]!.waitForSelector('#here:not([hidden])');
  await page.frames()[6]!.click('#pinned summary');
  await page.mouse.move(931, 999);
  const out = path.resolve('docs/box-300x480.png');
  await page.screenshot({ path: out, clip: { x: 0, y: 0, width: 932, height: 984 } });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  await host.close();
  await server.close();
}
