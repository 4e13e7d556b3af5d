// The production window follows the app's theme where the OS toolkit draws, not the page: a
// drop-down list's open menu (a GTK menu in WebKitGTK, like tooltips and the title bar) is dark
// when Parley is dark and light when it is light. The theme is the one the log-in screen uses
// (the last one chosen on this computer); the menu is opened with a real click and read from a
// screenshot of the screen, since nothing of it is in the page. "System" follows the desktop's
// own dark or light choice as a settings portal (here build/bin/fakeportal) publishes it, live.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bin, screenshotPath, start, startDbus, startXvfb, stopProcess } from '../lib/harness.mjs';
import { inspector, startWindow, windowId } from '../lib/window.mjs';
import { PASSWORD } from '../lib/parley.mjs';

const procs = [];
const cleanup = [];
let display;
let evaluate;
after(async () => {
  if (evaluate) await evaluate.close();
  for (const p of procs.reverse()) await stopProcess(p);
  for (const d of cleanup) rmSync(d, { recursive: true, force: true });
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Mean brightness (0–1) of a w×h box at (x, y) of a PNG, from ImageMagick. */
function brightness(file, x, y, w, h) {
  const out = execFileSync('/usr/bin/convert', [file, '-crop', `${w}x${h}+${x}+${y}`, '+repage', '-colorspace', 'Gray',
    '-format', '%[fx:mean]', 'info:']).toString().trim();
  return Number(out);
}

test('an open drop-down menu in the production window is dark in the dark theme and light in the light one', async () => {
  const x = await startXvfb();
  procs.push(x.proc);
  const bus = await startDbus();
  procs.push(bus.proc);
  display = x.display;
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-window-theme-'));
  cleanup.push(dataDir);
  const app = await startWindow('parley-window-theme', { display: x.display, dataDir, env: { DBUS_SESSION_BUS_ADDRESS: bus.address } });
  procs.push(app.proc);
  evaluate = await inspector(app.socket);
  await evaluate.until('!!(window.go && window.go.main && window.go.main.App)', 'the Go bridge');

  const xenv = { ...process.env, DISPLAY: x.display };
  const xdo = (...a) => execFileSync('xdotool', a, { env: xenv, stdio: 'pipe' });
  const id = windowId(x.display);
  assert.ok(id, 'the window is there');
  const geometry = execFileSync('xwininfo', ['-id', id], { env: xenv }).toString();
  const origin = { x: Number(geometry.match(/Absolute upper-left X:\s+(-?\d+)/)[1]), y: Number(geometry.match(/Absolute upper-left Y:\s+(-?\d+)/)[1]) };

  const seen = {};
  for (const theme of ['dark', 'light']) {
    await evaluate(`(localStorage.setItem('parley.theme', '${theme}'), location.reload(), true)`);
    await sleep(300);
    await evaluate.until(`document.documentElement.dataset.theme === '${theme}' && !!document.querySelector('[data-testid=login-username]')
      && !!document.querySelector('select')`, `the log-in screen in the ${theme} theme`);
    // The page's own select (the UI language), where it is on the screen.
    const r = await evaluate(`(() => { const b = document.querySelector('select').getBoundingClientRect();
      return { left: Math.round(b.left), top: Math.round(b.top), width: Math.round(b.width), height: Math.round(b.height) }; })()`);
    const box = { x: origin.x + r.left + 4, y: origin.y + r.top + r.height + 4, w: r.width - 8, h: 60 };
    const before = screenshotPath(`window-theme-${theme}-closed`);
    execFileSync('/usr/bin/import', ['-window', 'root', before], { env: xenv });
    const closed = brightness(before, box.x, box.y, box.w, box.h);

    xdo('mousemove', String(origin.x + r.left + r.width / 2), String(origin.y + r.top + r.height / 2));
    xdo('click', '1');
    // The menu is drawn when GTK gets to it: wait until the box below the select changes.
    const shot = screenshotPath(`window-theme-${theme}-menu`);
    let open = closed;
    for (let i = 0; i < 40 && Math.abs(open - closed) < 0.05; i++) {
      await sleep(150);
      execFileSync('/usr/bin/import', ['-window', 'root', shot], { env: xenv });
      open = brightness(shot, box.x, box.y, box.w, box.h);
    }
    assert.ok(Math.abs(open - closed) >= 0.05, `the drop-down menu did not open over the page (${closed} → ${open})`);
    seen[theme] = open;
    xdo('key', 'Escape');
    await sleep(300);
  }
  // Dark: the menu is mostly a dark grey (with light text and a blue highlight); light: mostly white.
  assert.ok(seen.dark < 0.35, `the menu is dark in the dark theme (mean brightness ${seen.dark})`);
  assert.ok(seen.light > 0.65, `the menu is light in the light theme (mean brightness ${seen.light})`);
});

test('choosing Dark then System in Settings gives the desktop its own choice back, live', async () => {
  assert.ok(evaluate, 'needs the window from the previous test');
  await evaluate(`(window.__setup = null, window.go.main.App.SignUp({ username: 'dara', password: ${JSON.stringify(PASSWORD)}, displayName: 'Dara' })
    .then(() => { window.__setup = 'ok'; }, (e) => { window.__setup = String(e && (e.code || e.message || e)); }), true)`);
  assert.equal(await evaluate.until('window.__setup', 'the sign-up'), 'ok');
  await evaluate(`(localStorage.setItem('parley.theme', 'system'), location.reload(), true)`);
  await sleep(300);
  await evaluate.until(`!!document.querySelector('[data-testid=open-settings]')`, 'the app, logged in');
  await evaluate(`(document.querySelector('[data-testid=open-settings]').click(), true)`);
  await evaluate.until(`!!document.querySelector('[data-testid=settings-theme-dark]')`, 'the theme choice');
  const dark = `matchMedia('(prefers-color-scheme: dark)').matches`;
  assert.equal(await evaluate(dark), false, 'this desktop (Xvfb, no theme) is light');
  await evaluate(`(document.querySelector('[data-testid=settings-theme-dark]').click(), true)`);
  // GTK was told, and WebKitGTK reports the toolkit's dark variant back to the page.
  await evaluate.until(`document.documentElement.dataset.theme === 'dark' && ${dark}`, 'the toolkit in its dark variant');
  await evaluate(`(document.querySelector('[data-testid=settings-theme-system]').click(), true)`);
  // System is the desktop's choice as it was, not Parley's last one: light again, without a reload.
  await evaluate.until(`document.documentElement.dataset.theme === 'light' && !${dark}`, 'the desktop\'s own (light) choice', 10000);
});

/** Resolves once the process has printed a line matching re. */
function printed(child, re, timeoutMs = 10000) {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`${child.logName} did not print ${re} (printed: ${seen})`)), timeoutMs);
    const onData = (d) => {
      seen += d.toString();
      if (re.test(seen)) {
        clearTimeout(timer);
        child.stdout.off('data', onData);
        resolve();
      }
    };
    child.stdout.on('data', onData);
  });
}

test('"System" follows the desktop\'s dark and light choice (the settings portal), live', async () => {
  assert.ok(evaluate, 'needs the display from the first test');
  // This test's own window, on a session bus whose settings portal says the desktop is dark.
  await evaluate.close();
  evaluate = null;
  const first = procs.find((p) => p.logName === 'parley-window-theme');
  await stopProcess(first);
  const bus = await startDbus();
  procs.push(bus.proc);
  const portal = start('fakeportal', bin('fakeportal'), ['-scheme', 'dark'], {
    env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: bus.address }, stdio: ['pipe', 'pipe', 'pipe'],
  });
  procs.push(portal);
  await printed(portal, /^ready$/m);
  const data = mkdtempSync(join(tmpdir(), 'parley-window-portal-'));
  cleanup.push(data);
  const app = await startWindow('parley-window-portal', { display, dataDir: data, env: { DBUS_SESSION_BUS_ADDRESS: bus.address } });
  procs.push(app.proc);
  evaluate = await inspector(app.socket);
  await evaluate.until('!!(window.go && window.go.main && window.go.main.App)', 'the Go bridge');
  await evaluate(`(localStorage.setItem('parley.theme', 'system'), location.reload(), true)`);
  await sleep(300);
  const dark = `matchMedia('(prefers-color-scheme: dark)').matches`;
  const showing = (theme) => `document.documentElement.dataset.theme === '${theme}' && ${theme === 'dark' ? '' : '!'}${dark}
    && !!document.querySelector('[data-testid=login-username]')`;
  await evaluate.until(showing('dark'), 'the dark desktop followed');
  const say = async (scheme, theme) => {
    const done = printed(portal, new RegExp(`^set ${scheme}$`, 'm'));
    portal.stdin.write(`${scheme}\n`);
    await done;
    await evaluate.until(showing(theme), `the ${scheme} desktop followed without a reload`, 10000);
  };
  await say('light', 'light');
  await say('dark', 'dark');
  // A choice of the learner's own wins over the desktop's.
  await evaluate(`(localStorage.setItem('parley.theme', 'light'), location.reload(), true)`);
  await sleep(300);
  await evaluate.until(`document.documentElement.dataset.theme === 'light' && !${dark} && !!document.querySelector('[data-testid=login-username]')`,
    'Light chosen on a dark desktop');
  // And "no preference" hands the choice back to the desktop's own theme (light under Xvfb).
  await evaluate(`(localStorage.setItem('parley.theme', 'system'), location.reload(), true)`);
  await sleep(300);
  await evaluate.until(showing('dark'), 'System again: dark');
  await say('none', 'light');
});
