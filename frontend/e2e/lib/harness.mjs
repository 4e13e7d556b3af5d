// The end-to-end stack: its own Xvfb, the fake OpenAI-compatible server and
// the dev build of Parley (real Go bindings over a loopback websocket), each on
// a free display or port, with a temp data folder; Chromium drives the UI, or,
// with E2E_ENGINE=webkit, MiniBrowser (WebKitGTK, the desktop app's engine)
// through WebKitWebDriver (lib/webkit.mjs).
// Everything started here is stopped in stop(), also on failure and Ctrl-C.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { WebKitPage } from './webkit.mjs';

/** The engine the tests drive: chromium (default) or webkit. */
export const engine = process.env.E2E_ENGINE === 'webkit' ? 'webkit' : 'chromium';

const here = fileURLToPath(new URL('.', import.meta.url));
export const repo = resolve(here, '../../..');
export const bin = (name) => join(repo, 'build', 'bin', name);
export const artifacts = resolve(here, '..', 'artifacts');

const live = new Set();
function killAll() {
  for (const p of live) {
    try { process.kill(-p.pid, 'SIGKILL'); } catch { /* already gone */ }
  }
  live.clear();
}
process.on('exit', killAll);
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => { killAll(); process.exit(130); });
}

/** Starts a process in its own group, logging to artifacts/logs/<name>.log. */
export function start(name, cmd, args, opts = {}) {
  mkdirSync(join(artifacts, 'logs'), { recursive: true });
  const log = createWriteStream(join(artifacts, 'logs', `${name}.log`), { flags: 'a' });
  const child = spawn(cmd, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe', ...(opts.extraFds || [])], ...opts });
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });
  live.add(child);
  child.on('exit', () => live.delete(child));
  child.logName = name;
  return child;
}

export async function stopProcess(child, timeoutMs = 5000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((r) => child.once('exit', r));
  try { process.kill(-child.pid, 'SIGTERM'); } catch { return; }
  const timer = setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } }, timeoutMs);
  await gone;
  clearTimeout(timer);
}

export function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.unref();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => res(port)); });
  });
}

/** Resolves with the first stdout match of re, or rejects when the process dies or time runs out. */
function waitForOutput(child, re, timeoutMs, stream = child.stdout) {
  return new Promise((res, rej) => {
    let buf = '';
    const timer = setTimeout(() => rej(new Error(`${child.logName}: no ${re} within ${timeoutMs} ms`)), timeoutMs);
    stream.on('data', (d) => {
      buf += d.toString();
      const m = buf.match(re);
      if (m) { clearTimeout(timer); res(m); }
    });
    child.once('exit', (code) => { clearTimeout(timer); rej(new Error(`${child.logName} exited (${code}) before ${re}`)); });
  });
}

async function waitForHTTP(url, child, timeoutMs) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`${child.logName} exited (${child.exitCode}); see artifacts/logs`);
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

/** Starts Xvfb on a display it picks itself (-displayfd). */
export async function startXvfb(screen = '1280x800x24') {
  const x = start('xvfb', 'Xvfb', ['-displayfd', '3', '-screen', '0', screen, '-nolisten', 'tcp', '-noreset'],
    { extraFds: ['pipe'] });
  const m = await waitForOutput(x, /(\d+)\n/, 15000, x.stdio[3]);
  return { proc: x, display: `:${m[1]}` };
}

/** Starts a private D-Bus session bus (Wails' single-instance lock talks over it on Linux). */
export async function startDbus() {
  const d = start('dbus', 'dbus-daemon', ['--session', '--nofork', '--nopidfile', '--print-address']);
  const m = await waitForOutput(d, /(unix:[^\s]+)\n/, 15000);
  return { proc: d, address: m[1] };
}

/** Starts the fake OpenAI-compatible server; returns its base URL (…/v1) and a control client. */
export async function startFake() {
  const p = start('fakeopenai', bin('fakeopenai'), ['-addr', '127.0.0.1:0']);
  const m = await waitForOutput(p, /(http:\/\/127\.0\.0\.1:\d+)/, 15000);
  const root = m[1];
  const control = async (path, body) => {
    const r = await fetch(root + path, body === undefined ? {} : {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
    });
    if (!r.ok) throw new Error(`fake ${path}: ${r.status} ${await r.text()}`);
    const t = await r.text();
    return t ? JSON.parse(t) : null;
  };
  return { proc: p, root, baseURL: `${root}/v1`, control };
}

/** Environment that lets WebKitGTK run under Xvfb as root without a GPU or session bus. */
export function guiEnv(display, dataDir, extra = {}) {
  return {
    ...process.env,
    DISPLAY: display,
    PARLEY_DATA_DIR: dataDir,
    GDK_BACKEND: 'x11',
    WEBKIT_DISABLE_COMPOSITING_MODE: '1',
    WEBKIT_DISABLE_DMABUF_RENDERER: '1',
    LIBGL_ALWAYS_SOFTWARE: '1',
    NO_AT_BRIDGE: '1',
    ...extra,
  };
}

/** Starts the dev build serving the built UI with real bindings at a loopback port. */
export async function startApp(display) {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-e2e-'));
  const p = start('parley-dev', bin('parley-dev'), [], {
    cwd: repo,
    env: guiEnv(display, dataDir, { devserver: `127.0.0.1:${port}`, assetdir: join(repo, 'frontend', 'dist'), loglevel: 'Warning' }),
  });
  const url = `http://127.0.0.1:${port}/`;
  await waitForHTTP(url, p, 60000);
  return { proc: p, url, dataDir };
}

export const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

/** The whole stack for one test file. */
export async function startStack() {
  const s = { procs: [] };
  try {
    // MiniBrowser's window (toolbar included) must fit on the screen, where its screenshots are read.
    const x = await startXvfb(engine === 'webkit' ? '1600x1000x24' : undefined);
    s.display = x.display; s.procs.push(x.proc);
    s.fake = await startFake(); s.procs.push(s.fake.proc);
    s.app = await startApp(s.display); s.procs.push(s.app.proc);
    if (engine === 'webkit') {
      const port = await freePort();
      const driver = start('webkitwebdriver', process.env.WEBKITWEBDRIVER || 'WebKitWebDriver', [`--port=${port}`],
        { env: guiEnv(s.display, s.app.dataDir) });
      s.procs.push(driver);
      s.driverURL = `http://127.0.0.1:${port}`;
      await waitForHTTP(`${s.driverURL}/status`, driver, 15000);
    } else {
      s.browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args: chromiumArgs });
    }
  } catch (e) {
    await stopStack(s);
    throw e;
  }
  return s;
}

export async function stopStack(s) {
  if (s.webkitPage) await s.webkitPage.close();
  if (s.browser) await s.browser.close().catch(() => {});
  for (const p of [...s.procs].reverse()) await stopProcess(p);
  if (s.app?.dataDir) rmSync(s.app.dataDir, { recursive: true, force: true });
}

/** Opens the app in a fresh browser context and waits for the Go bridge. */
export async function openApp(s, { locale = 'en-US', colorScheme = 'light', viewport = { width: 1200, height: 800 } } = {}) {
  if (engine === 'webkit') {
    // MiniBrowser follows the system: English, light (GTK's default theme); nothing else can be asked for.
    if (locale !== 'en-US' || colorScheme !== 'light') throw new Error(`WebKit runs en-US and light only, not ${locale} ${colorScheme}`);
    // WebKitWebDriver holds one session: a page a failed test left open makes room for this one.
    if (s.webkitPage) await s.webkitPage.close();
    const page = s.webkitPage = await WebKitPage.open(s.driverURL, s.display, { viewport });
    await page.goto(s.app.url);
    await page.waitForFunction(() => window.go && window.go.main && window.go.main.App, null, { timeout: 20000 });
    return page;
  }
  const context = await s.browser.newContext({ locale, colorScheme, viewport });
  const page = await context.newPage();
  page.consoleLog = [];
  // Uncaught errors not yet charged to a test: withArtifacts fails the test that saw them.
  page.uncaught = [];
  page.on('console', (m) => {
    const line = `[${m.type()}] ${m.text()}`;
    page.consoleLog.push(line);
    if (m.type() === 'error' && /^Uncaught\b/.test(m.text())) page.uncaught.push(line);
  });
  page.on('pageerror', (e) => {
    const line = `[pageerror] ${e.stack || e.message}`;
    page.consoleLog.push(line);
    page.uncaught.push(line);
  });
  page.engine = 'chromium';
  page.takeUncaught = async () => page.uncaught.splice(0);
  await page.goto(s.app.url);
  await page.waitForFunction(() => window.go && window.go.main && window.go.main.App, null, { timeout: 20000 });
  return page;
}

/**
 * Wraps a test body so a failure leaves a screenshot and the page's console
 * in artifacts/failures/<name>.* before the error propagates. An uncaught
 * error in the page (an exception or a rejected promise nobody handled) fails
 * the test too, with its text in the message and in <name>.errors.txt.
 */
export async function withArtifacts(name, page, fn) {
  let result;
  let failure = null;
  try {
    result = await fn();
  } catch (e) {
    failure = e;
  }
  // A round trip through the page delivers the errors its last steps raised before they are read.
  await page.evaluate(() => new Promise((r) => setTimeout(r, 0))).catch(() => {});
  // openApp's pages (both engines) answer takeUncaught; a page a test made itself keeps page.uncaught.
  const uncaught = page.takeUncaught ? await page.takeUncaught().catch(() => []) : (page.uncaught?.splice(0) ?? []);
  if (uncaught.length) {
    const report = `the page logged ${uncaught.length} uncaught error(s):\n${uncaught.join('\n')}`;
    if (failure) failure.message += `\n(and ${report})`;
    else failure = new Error(report);
  }
  if (!failure) return result;
  const dir = join(artifacts, 'failures');
  mkdirSync(dir, { recursive: true });
  const safe = name.replace(/[^\w.-]+/g, '_');
  await page.screenshot({ path: join(dir, `${safe}.png`), fullPage: true }).catch(() => {});
  writeFileSync(join(dir, `${safe}.console.txt`), (page.consoleLog || []).join('\n'));
  if (uncaught.length) writeFileSync(join(dir, `${safe}.errors.txt`), uncaught.join('\n\n'));
  throw failure;
}

export function screenshotPath(name) {
  const dir = join(artifacts, 'screens');
  mkdirSync(dir, { recursive: true });
  return join(dir, engine === 'webkit' ? `${name}-webkit.png` : `${name}.png`);
}

export function cleanArtifacts() {
  rmSync(join(artifacts, 'failures'), { recursive: true, force: true });
}
