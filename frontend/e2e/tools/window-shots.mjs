// Screenshots of the production window (WebKitGTK, as learners see it) in a long room and the
// dark theme, for before/after comparisons in issue notes:
//   node tools/window-shots.mjs <parley binary> <output prefix>
// The data is prepared with the dev build (a user, the dark theme, a 40-turn room), then the
// production binary is started on that data folder and driven with xdotool (Debian's xdotool):
// log in, open the room, shrink the window; each step is saved as <prefix>-<step>.png.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import {
  bin, chromiumArgs, freePort, guiEnv, repo, start, startDbus, startFake, startXvfb, stopProcess,
} from '../lib/harness.mjs';
import { fakeSettings, must, roomInput, script } from '../lib/parley.mjs';

const [binary, prefix] = process.argv.slice(2);
if (!binary || !prefix) {
  console.error('usage: node tools/window-shots.mjs <parley binary> <output prefix>');
  process.exit(2);
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const procs = [];
const dataDir = mkdtempSync(join(tmpdir(), 'parley-shots-'));
const TURNS = 40;
const SHOT_PASSWORD = 'parley-window-shots';
// The first room of the list (below the search, filter and sort rows).
const ROOM_Y = Number(process.env.ROOM_Y || 212);
const LOGIN = { username: [560, 258], password: [560, 339] };

try {
  const x = await startXvfb();
  procs.push(x.proc);
  const xenv = { ...process.env, DISPLAY: x.display };
  const fake = await startFake();
  procs.push(fake.proc);

  // 1. The data, through the dev build and its bindings.
  const port = await freePort();
  const dev = start('shots-dev', bin('parley-dev'), [], {
    cwd: repo, env: guiEnv(x.display, dataDir, { devserver: `127.0.0.1:${port}`, assetdir: join(repo, 'frontend', 'dist'), loglevel: 'Warning' }),
  });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args: chromiumArgs });
  const page = await browser.newPage();
  for (let i = 0; i < 200; i++) {
    try { await page.goto(`http://127.0.0.1:${port}/`); break; } catch { await sleep(150); }
  }
  await page.waitForFunction(() => window.go && window.go.main && window.go.main.App, null, { timeout: 20000 });
  const s = { fake };
  // A password without spaces: xdotool types it into the window below.
  await must(page, 'SignUp', { username: 'lee', password: SHOT_PASSWORD, displayName: 'Lee' });
  await must(page, 'SaveSettings', fakeSettings(s, { theme: 'dark' }));
  const room = await must(page, 'CreateRoom', roomInput({ title: 'A long conversation' }));
  await script(s, { reply: 'Welcome! What can I get you this morning?' },
    ...Array.from({ length: TURNS }, (_, i) => ({ reply: `Reply ${i + 1}: sure, coming right up. Anything else with that?` })));
  await page.evaluate(async ({ id, n }) => {
    const wait = () => new Promise((res) => { const off = window.runtime.EventsOn('chat:done', () => { off(); res(); }); });
    let done = wait();
    await window.go.main.App.OpenScene(id);
    await done;
    for (let i = 1; i <= n; i++) {
      done = wait();
      await window.go.main.App.SendMessage(id, `Line ${i}: could I have one more coffee, please?`);
      await done;
    }
  }, { id: room.id, n: TURNS });
  await must(page, 'LogOut');
  await browser.close();
  await stopProcess(dev);

  // 2. The production window on that data.
  const bus = await startDbus();
  procs.push(bus.proc);
  const app = start('shots-app', resolve(binary), [], { cwd: repo, env: guiEnv(x.display, dataDir, { DBUS_SESSION_BUS_ADDRESS: bus.address }) });
  procs.push(app);
  let id = null;
  for (let i = 0; i < 120 && !id; i++) {
    id = execFileSync('xwininfo', ['-root', '-tree'], { env: xenv }).toString().match(/(0x[0-9a-f]+) "Parley"/)?.[1] ?? null;
    if (!id) await sleep(250);
  }
  if (!id) throw new Error('no Parley window');
  const xdo = (...a) => execFileSync('xdotool', a.map(String), { env: xenv });
  const shot = async (step) => {
    await sleep(1500);
    execFileSync('/usr/bin/import', ['-window', id, `${prefix}-${step}.png`], { env: xenv });
    console.log(`${prefix}-${step}.png`);
  };
  await shot('login');
  xdo('windowfocus', '--sync', id);
  // The log-in form, by the place of its fields in the window (see <prefix>-login.png).
  xdo('mousemove', '--window', id, LOGIN.username[0], LOGIN.username[1], 'click', 1);
  xdo('type', '--window', id, '--delay', 20, 'lee');
  xdo('mousemove', '--window', id, LOGIN.password[0], LOGIN.password[1], 'click', 1);
  xdo('type', '--window', id, '--delay', 20, SHOT_PASSWORD);
  xdo('key', '--window', id, 'Return');
  await sleep(4000);
  // The room is the first in the list.
  xdo('mousemove', '--window', id, 120, ROOM_Y, 'click', 1);
  await shot('room');
  xdo('mousemove', '--window', id, 57, 114, 'click', 1); // "Select rooms": the checkboxes
  await shot('select');
  xdo('windowsize', '--sync', id, 900, 620);
  await shot('room-resized');
} finally {
  for (const p of procs.reverse()) await stopProcess(p);
  rmSync(dataDir, { recursive: true, force: true });
}
