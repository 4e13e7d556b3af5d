// The production binary opens a real window under Xvfb, and what it shows is not blank.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bin, guiEnv, repo, screenshotPath, start, startDbus, startXvfb, stopProcess } from '../lib/harness.mjs';

const procs = [];
let dataDir;
after(async () => {
  for (const p of procs.reverse()) await stopProcess(p);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Standard deviation and colour count of an image, from ImageMagick. */
function imageStats(file) {
  const out = execFileSync('/usr/bin/convert', [file, '-colorspace', 'sRGB', '-format', '%[fx:standard_deviation] %k', 'info:']).toString().trim();
  const [sd, colours] = out.split(/\s+/);
  return { sd: Number(sd), colours: Number(colours) };
}

let x, bus, app, id, windowsBefore;

test('the production app opens a window that shows the UI', async () => {
  x = await startXvfb();
  procs.push(x.proc);
  bus = await startDbus();
  procs.push(bus.proc);
  dataDir = mkdtempSync(join(tmpdir(), 'parley-window-'));
  app = start('parley-window', bin('parley'), [], { cwd: repo, env: guiEnv(x.display, dataDir, { DBUS_SESSION_BUS_ADDRESS: bus.address }) });
  procs.push(app);

  // The window exists once X knows a window named Parley; keep its id.
  const xenv = { ...process.env, DISPLAY: x.display };
  for (let i = 0; i < 120 && !id; i++) {
    assert.equal(app.exitCode, null, 'the app exited early; see artifacts/logs/parley-window.log');
    const tree = execFileSync('xwininfo', ['-root', '-tree'], { env: xenv }).toString();
    id = tree.match(/(0x[0-9a-f]+) "Parley"/)?.[1] ?? null;
    if (!id) await sleep(250);
  }
  assert.ok(id, 'no window titled Parley appeared within 30 s');
  // GTK names several X windows (leader, toplevel) after the app; count them to compare later.
  windowsBefore = (execFileSync('xwininfo', ['-root', '-tree'], { env: xenv }).toString().match(/"Parley"/g) || []).length;
  const geometry = execFileSync('xwininfo', ['-id', id], { env: xenv }).toString();
  const width = Number(geometry.match(/Width: (\d+)/)[1]);
  assert.ok(width >= 800, `window is ${width} px wide; the app asks for at least 800`);

  // Give WebKit time to paint, then capture the window alone (not the root,
  // whose black border would make a blank window look busy) until it shows UI.
  const shot = screenshotPath('window-production');
  let stats = { sd: 0, colours: 0 };
  for (let i = 0; i < 40; i++) {
    await sleep(500);
    execFileSync('/usr/bin/import', ['-window', id, shot], { env: xenv });
    stats = imageStats(shot);
    if (stats.sd > 0.02 && stats.colours > 32) break;
  }
  assert.ok(stats.colours > 32, `window looks blank: only ${stats.colours} colours`);
  assert.ok(stats.sd > 0.02, `window looks blank: standard deviation ${stats.sd}`);
});

test('launching Parley again hands over to the running window instead of opening a second', async () => {
  assert.ok(id, 'needs the window from the previous test');
  const env = guiEnv(x.display, dataDir, { DBUS_SESSION_BUS_ADDRESS: bus.address });
  const second = start('parley-second', bin('parley'), [], { cwd: repo, env });
  procs.push(second);
  const code = await Promise.race([
    new Promise((r) => second.once('exit', (c) => r(c))),
    sleep(20000).then(() => 'still running'),
  ]);
  assert.notEqual(code, 'still running', 'the second launch kept running beside the first');
  assert.equal(app.exitCode, null, 'the first window must keep running');
  const tree = execFileSync('xwininfo', ['-root', '-tree'], { env: { ...process.env, DISPLAY: x.display } }).toString();
  assert.equal((tree.match(/"Parley"/g) || []).length, windowsBefore, 'no second Parley window');
});
