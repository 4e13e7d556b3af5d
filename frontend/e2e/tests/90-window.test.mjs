// The production binary opens a real window under Xvfb, and what it shows is not blank;
// launching it again raises and focuses that window and exits 0 (xwininfo, xdpyinfo and
// xmessage come with x11-utils).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
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

/** The processes below pid, with their command names, from /proc. */
function descendants(pid) {
  const children = new Map();
  for (const d of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), { pid: Number(d), name: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) }]);
    } catch { /* gone meanwhile */ }
  }
  const out = [];
  const walk = (p) => (children.get(p) ?? []).forEach((c) => { out.push(c); walk(c.pid); });
  walk(pid);
  return out;
}

test('the web view runs without JavaScriptCore\'s optimising tiers (less memory, see webviewenv.go)', () => {
  assert.ok(id, 'needs the window from the first test');
  const web = descendants(app.pid).filter((p) => p.name.startsWith('WebKitWebProces'));
  assert.ok(web.length > 0, 'no WebKit web process under the app');
  for (const p of web) {
    const env = readFileSync(`/proc/${p.pid}/environ`, 'utf8').split('\0');
    assert.ok(env.includes('JSC_useDFGJIT=false'), `web process ${p.pid} runs with DFG on`);
    assert.ok(env.includes('JSC_useFTLJIT=false'), `web process ${p.pid} runs with FTL on`);
  }
});

/** The root's direct children, top of the stacking order first (as xwininfo lists them). */
function stacking(xenv) {
  return execFileSync('xwininfo', ['-root', '-children'], { env: xenv }).toString()
    .split('\n').map((l) => l.match(/^\s+(0x[0-9a-f]+) "([^"]*)"/)).filter(Boolean).map((m) => ({ id: m[1], name: m[2] }));
}

/** The window holding the X input focus, as xdpyinfo reports it ("PointerRoot", "None" or an id). */
function focusedWindow(xenv) {
  return execFileSync('xdpyinfo', { env: xenv }).toString().match(/^focus:\s+(?:window )?([^,\s]+)/m)?.[1] ?? null;
}

let second;
let secondExit;

test('launching Parley again raises the running window above the others and gives it the focus, without a second window', async () => {
  assert.ok(id, 'needs the window from the previous test');
  const xenv = { ...process.env, DISPLAY: x.display };
  const above = (a, b) => { const order = stacking(xenv).map((w) => w.id); return order.indexOf(a) < order.indexOf(b); };

  // Another window over Parley's: without a window manager, the last one mapped is on top and
  // nobody has the focus, so only the running app raising and focusing itself can change that.
  const cover = start('xmessage-cover', 'xmessage', ['-geometry', '400x200+40+40', '-name', 'parley-cover', 'covering Parley'], { env: xenv });
  procs.push(cover);
  let coverId = null;
  for (let i = 0; i < 40 && !coverId; i++) {
    coverId = stacking(xenv).find((w) => w.name === 'parley-cover')?.id ?? null;
    if (!coverId) await sleep(100);
  }
  assert.ok(coverId, 'the covering window did not appear');
  assert.ok(stacking(xenv).some((w) => w.id === id), `Parley's window ${id} is a top-level window`);
  assert.ok(above(coverId, id), 'the covering window starts above Parley');
  assert.notEqual(focusedWindow(xenv), id, 'Parley does not have the focus yet');

  const env = guiEnv(x.display, dataDir, { DBUS_SESSION_BUS_ADDRESS: bus.address });
  second = start('parley-second', bin('parley'), [], { cwd: repo, env });
  procs.push(second);
  // A cleared timer, not a bare sleep: a pending 20 s timer would hold the test file open that long.
  let timer;
  secondExit = await new Promise((r) => {
    timer = setTimeout(() => r('still running'), 20000);
    second.once('exit', (c, sig) => r(sig ? `killed by ${sig}` : c));
  });
  clearTimeout(timer);
  assert.notEqual(secondExit, 'still running', 'the second launch kept running beside the first');
  assert.equal(app.exitCode, null, 'the first window must keep running');

  // The hand-over is asynchronous (D-Bus, then the GTK main loop): wait for the raise.
  for (let i = 0; i < 50 && !above(id, coverId); i++) await sleep(100);
  assert.ok(above(id, coverId), `Parley's window was not raised: stacking is ${JSON.stringify(stacking(xenv))}`);
  assert.equal(focusedWindow(xenv), id, 'the raised window has the focus');
  const tree = execFileSync('xwininfo', ['-root', '-tree'], { env: xenv }).toString();
  assert.equal((tree.match(/"Parley"/g) || []).length, windowsBefore, 'no second Parley window');
});

test('the second launch exits with status 0, as a hand-over that worked', () => {
  assert.ok(second, 'needs the second launch from the previous test');
  assert.equal(secondExit, 0, `the second launch exited with ${secondExit}; see artifacts/logs/parley-second.log`);
});
