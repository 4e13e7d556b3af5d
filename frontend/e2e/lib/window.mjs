// The production WebKitGTK window, driven from outside: the production binary runs under Xvfb
// with WebKitGTK's remote inspector on a loopback port (WEBKIT_INSPECTOR_HTTP_SERVER, an
// environment variable of WebKitGTK, not of Parley), and inspector() runs expressions in the
// window's real page from a Chromium page (Node 20 has no WebSocket client of its own).
// Used by the production-window tests (46, 47) and the window benchmark (bench/window.mjs).
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { bin, chromiumArgs, freePort, guiEnv, repo, screenshotPath, start } from './harness.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * startWindow starts the production binary on display with dataDir and, unless inspect is false,
 * the remote inspector on a free loopback port. With the inspector it waits for the window's page
 * to be listed and returns its socket URL (ws://…/socket/…/WebPage) as `socket`.
 */
export async function startWindow(name, { display, dataDir, env = {}, inspect = true, binary = bin('parley') }) {
  const port = inspect ? await freePort() : 0;
  const proc = start(name, binary, [], {
    cwd: repo,
    env: guiEnv(display, dataDir, { ...env, ...(inspect ? { WEBKIT_INSPECTOR_HTTP_SERVER: `127.0.0.1:${port}` } : {}) }),
  });
  if (!inspect) return { proc, port, socket: null };
  // The inspector's index lists the window's page once it exists, with the socket to reach it.
  for (let i = 0; i < 160; i++) {
    if (proc.exitCode !== null) throw new Error(`the app exited early; see artifacts/logs/${name}.log`);
    const index = await fetch(`http://127.0.0.1:${port}/`).then((r) => r.text(), () => '');
    const path = index.match(/(\/socket\/\d+\/\d+\/WebPage)/)?.[1];
    if (path) return { proc, port, socket: `ws://127.0.0.1:${port}${path}` };
    await sleep(250);
  }
  throw new Error('the window\'s page did not appear in the inspector within 40 s');
}

/**
 * inspector connects to the window's page at url (from startWindow) and returns evaluate(expr),
 * which runs expr in the page and resolves with its value; evaluate.until(expr, what, timeout)
 * polls until expr is truthy; evaluate.send(method, params) sends any protocol command; evaluate.close() closes the Chromium it drives the socket from.
 * The page target changes on reload; the newest one is used.
 */
export async function inspector(url) {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args: chromiumArgs });
  try {
    const page = await (await browser.newContext()).newPage();
    // From the inspector's own index page: its server accepts sockets from its own origin.
    await page.goto(url.replace(/^ws:/, 'http:').replace(/\/socket\/.*$/, '/'));
    await page.evaluate((u) => new Promise((resolve, reject) => {
      const ws = new WebSocket(u);
      const pending = new Map();
      let seq = 0;
      window.target = null;
      window.events = [];
      ws.onmessage = (ev) => {
        const m = JSON.parse(ev.data);
        if (m.method === 'Target.targetCreated') window.target = m.params.targetInfo.targetId;
        if (m.method === 'Target.dispatchMessageFromTarget') {
          const inner = JSON.parse(m.params.message);
          if (inner.id === undefined) window.events.push(inner); // a notification (after X.enable)
          pending.get(inner.id)?.(inner);
          pending.delete(inner.id);
        }
      };
      // sendIn(method, params) sends one protocol command to the page and resolves with its reply.
      window.sendIn = (method, params) => new Promise((done) => {
        const id = ++seq;
        pending.set(id, done);
        ws.send(JSON.stringify({ id: 100000 + id, method: 'Target.sendMessageToTarget', params: {
          targetId: window.target, message: JSON.stringify({ id, method, params }) } }));
      });
      window.evalIn = (expression) => window.sendIn('Runtime.evaluate', { expression, returnByValue: true }).then((x) => {
        const r = x.result?.result;
        return x.result?.wasThrown || !r ? { thrown: r?.description ?? JSON.stringify(x) } : { value: r.value };
      });
      ws.onopen = () => { const t = setInterval(() => { if (window.target) { clearInterval(t); resolve(); } }, 20); };
      ws.onerror = () => reject(new Error(`cannot reach the inspector at ${u}`));
    }), url);
    const evaluate = async (expr) => {
      const r = await page.evaluate((e) => window.evalIn(e), expr);
      if ('thrown' in r) throw new Error(`in the window: ${r.thrown}`);
      return r.value;
    };
    evaluate.until = async (expr, what, timeout = 20000) => {
      const until = Date.now() + timeout;
      for (;;) {
        const v = await evaluate(expr).catch(() => null); // mid-reload the page may be gone
        if (v) return v;
        if (Date.now() > until) throw new Error(`timed out in the window waiting for ${what}`);
        await sleep(200);
      }
    };
    /** send(method, params) sends any inspector protocol command (e.g. Heap.gc) and returns its reply. */
    evaluate.send = (method, params = {}) => page.evaluate(([m, p]) => window.sendIn(m, p), [method, params]);
    /** events() returns the protocol notifications received since the last call. */
    evaluate.events = () => page.evaluate(() => window.events.splice(0));
    evaluate.close = () => browser.close().catch(() => {});
    return evaluate;
  } catch (e) {
    await browser.close().catch(() => {});
    throw e;
  }
}

/** The X window id of the top-level window titled title on display, or null. */
export function windowId(display, title = 'Parley') {
  const tree = execFileSync('xwininfo', ['-root', '-tree'], { env: { ...process.env, DISPLAY: display } }).toString();
  return tree.match(new RegExp(`(0x[0-9a-f]+) "${title}"`))?.[1] ?? null;
}

/** Saves a screenshot of the window titled Parley on display as artifacts/screens/<name>.png. */
export function screenshotWindow(display, name) {
  const id = windowId(display);
  if (id) execFileSync('/usr/bin/import', ['-window', id, screenshotPath(name)], { env: { ...process.env, DISPLAY: display } });
}
