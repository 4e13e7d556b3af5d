// Listen plays in the production WebKitGTK window, not only in Chromium: the production binary
// runs under Xvfb with WebKitGTK's remote inspector on a loopback port (a test-only environment
// variable of WebKitGTK, not of Parley), the test drives the real page through it, clicks
// Listen and watches the <audio> element reach "playing" and its time advance. Audio goes
// through GStreamer (plugins-base, -good for MP3); with no sound device under test,
// autoaudiosink falls back to a fake sink that still keeps time.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { bin, chromiumArgs, freePort, guiEnv, repo, screenshotPath, start, startDbus, startFake, startXvfb, stopProcess } from '../lib/harness.mjs';
import { execFileSync } from 'node:child_process';
import { PASSWORD, reply } from '../lib/parley.mjs';

const procs = [];
let dataDir;
let browser;
after(async () => {
  if (browser) await browser.close().catch(() => {});
  for (const p of procs.reverse()) await stopProcess(p);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * inspector connects to WebKitGTK's remote inspector from a Chromium page (Node 20 has no
 * WebSocket client of its own) and returns evaluate(expr), which runs expr in the window's page
 * and resolves with its value. The page target changes on reload; the newest one is used.
 */
async function inspector(url) {
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args: chromiumArgs });
  const page = await (await browser.newContext()).newPage();
  // From the inspector's own index page: its server accepts sockets from its own origin.
  await page.goto(url.replace(/^ws:/, 'http:').replace(/\/socket\/.*$/, '/'));
  await page.evaluate((url) => new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const pending = new Map();
    let seq = 0;
    window.target = null;
    ws.onmessage = (ev) => {
      const m = JSON.parse(ev.data);
      if (m.method === 'Target.targetCreated') window.target = m.params.targetInfo.targetId;
      if (m.method === 'Target.dispatchMessageFromTarget') {
        const inner = JSON.parse(m.params.message);
        pending.get(inner.id)?.(inner);
        pending.delete(inner.id);
      }
    };
    window.evalIn = (expression) => new Promise((done) => {
      const id = ++seq;
      pending.set(id, (x) => {
        const r = x.result?.result;
        done(x.result?.wasThrown || !r ? { thrown: r?.description ?? JSON.stringify(x) } : { value: r.value });
      });
      ws.send(JSON.stringify({ id: 100000 + id, method: 'Target.sendMessageToTarget', params: {
        targetId: window.target, message: JSON.stringify({ id, method: 'Runtime.evaluate', params: { expression, returnByValue: true } }) } }));
    });
    ws.onopen = () => { const t = setInterval(() => { if (window.target) { clearInterval(t); resolve(); } }, 20); };
    ws.onerror = () => reject(new Error(`cannot reach the inspector at ${url}`));
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
  return evaluate;
}

test('Listen plays in the production WebKitGTK window: the media element plays and its time advances', async () => {
  const x = await startXvfb();
  procs.push(x.proc);
  const bus = await startDbus();
  procs.push(bus.proc);
  const fake = await startFake();
  procs.push(fake.proc);
  const port = await freePort();
  dataDir = mkdtempSync(join(tmpdir(), 'parley-listen-window-'));
  const app = start('parley-listen-window', bin('parley'), [], {
    cwd: repo,
    env: guiEnv(x.display, dataDir, { DBUS_SESSION_BUS_ADDRESS: bus.address, WEBKIT_INSPECTOR_HTTP_SERVER: `127.0.0.1:${port}` }),
  });
  procs.push(app);
  // The inspector's index lists the window's page once it exists, with the socket to reach it.
  let socket = null;
  for (let i = 0; i < 160 && !socket; i++) {
    assert.equal(app.exitCode, null, 'the app exited early; see artifacts/logs/parley-listen-window.log');
    const index = await fetch(`http://127.0.0.1:${port}/`).then((r) => r.text(), () => '');
    socket = index.match(/(\/socket\/\d+\/\d+\/WebPage)/)?.[1] ?? null;
    if (!socket) await sleep(250);
  }
  assert.ok(socket, 'the window\'s page did not appear in the inspector within 40 s');
  const evaluate = await inspector(`ws://127.0.0.1:${port}${socket}`);
  await evaluate.until('!!(window.go && window.go.main && window.go.main.App)', 'the Go bridge');

  // Set-up through the bound API, as the Chromium tests do; the scene opens with the fake's line.
  await fake.control('/_control/script', [reply('어서 오세요! 무엇을 드릴까요?')]);
  const setup = `(window.__setup = null, (async () => {
    const A = window.go.main.App;
    await A.SignUp({ username: 'sora', password: ${JSON.stringify(PASSWORD)}, displayName: 'Sora' });
    await A.SaveSettings({ apiKey: 'sk-e2e-window-key-1234', clearKey: false, baseUrl: ${JSON.stringify(fake.baseURL)}, model: 'gpt-4o-mini',
      temperature: 0.7, proxyUrl: '', uiLanguage: 'en', theme: 'system',
      speechModel: '', speechVoice: '', speechBaseUrl: '', speechApiKey: '', clearSpeechKey: false });
    const r = await A.CreateRoom({ title: 'Window café', language: 'ko', level: 'A1', situation: 'A café', myRole: 'Customer',
      aiRole: 'Barista', goal: '', formality: '', presetId: '' });
    window.__setup = { id: r.id };
  })().catch((e) => { window.__setup = { error: String(e && (e.code || e.message || e)) }; }), true)`;
  await evaluate(setup);
  const made = await evaluate.until('window.__setup', 'the set-up calls');
  assert.ok(!made.error, `set-up failed: ${made.error}`);
  await evaluate('location.reload(), true');
  await sleep(500);
  const link = `document.querySelector('[data-testid=room-item][data-room-id="${made.id}"] .room-link')`;
  await evaluate.until(`!!${link}`, 'the room in the sidebar');
  await evaluate(`${link}.click(), true`);
  const listen = `document.querySelector('[data-testid=message][data-status=done] [data-testid=listen]')`;
  await evaluate.until(`!!${listen}`, 'the opening line with its Listen button');
  await evaluate(`${listen}.click(), true`);

  const audio = `document.querySelector('audio[data-testid=speech-audio]')`;
  const first = await evaluate.until(`(() => { const a = ${audio}; return a && !a.paused && a.currentTime > 0 ? { t: a.currentTime, startMs: Number(a.dataset.startMs) } : null; })()`,
    'the audio to play', 20000).catch(async (e) => {
    const state = await evaluate(`(() => { const a = ${audio}; const t = document.querySelector('[data-testid=error-toast]');
      return { audio: a && { paused: a.paused, time: a.currentTime, ready: a.readyState, error: a.error && a.error.code }, toast: t && t.textContent }; })()`).catch(() => null);
    throw new Error(`${e.message}: ${JSON.stringify(state)}`);
  });
  await sleep(700);
  const later = await evaluate(`(() => { const a = ${audio}; return { t: a.currentTime, paused: a.paused, d: a.duration,
    state: document.querySelector('[data-testid=listen]').dataset.state }; })()`);
  assert.ok(later.t > first.t + 0.3, `the time advances while playing: ${first.t} → ${later.t}`);
  assert.ok(later.d >= 1.5, `the whole clip arrived: ${later.d} s`);
  assert.equal(later.state, 'playing', 'the line shows it is playing');

  // The window as the learner sees it while the line plays.
  const xenv = { ...process.env, DISPLAY: x.display };
  const id = execFileSync('xwininfo', ['-root', '-tree'], { env: xenv }).toString().match(/(0x[0-9a-f]+) "Parley"/)?.[1];
  if (id) execFileSync('/usr/bin/import', ['-window', id, screenshotPath('listen-webkit-window')], { env: xenv });

  // Stop, then play again: the second play comes from the sealed cache.
  await evaluate(`${listen}.click(), true`);
  await evaluate.until(`${audio}.paused`, 'the stop');
  await evaluate(`${listen}.click(), true`);
  const again = await evaluate.until(`(() => { const a = ${audio}; return a && !a.paused && a.currentTime > 0 && a.dataset.cached === 'true'
    ? { startMs: Number(a.dataset.startMs) } : null; })()`, 'the cached line to play', 20000);
  const speech = (await fake.control('/_control/requests')).filter((r) => r.endpoint === 'speech');
  assert.equal(speech.length, 1, 'the second play sends no request');
  console.log(`# WebKitGTK window: Listen click → playing: uncached ${first.startMs} ms, cached ${again.startMs} ms; time ${first.t.toFixed(2)} → ${later.t.toFixed(2)} s of ${later.d.toFixed(2)} s`);
});
