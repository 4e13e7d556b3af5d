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
import { startDbus, startFake, startXvfb, stopProcess } from '../lib/harness.mjs';
import { inspector, screenshotWindow, startWindow } from '../lib/window.mjs';
import { PASSWORD, reply } from '../lib/parley.mjs';

const procs = [];
let dataDir;
let evaluate;
after(async () => {
  if (evaluate) await evaluate.close();
  for (const p of procs.reverse()) await stopProcess(p);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

test('Listen plays in the production WebKitGTK window: the media element plays and its time advances', async () => {
  const x = await startXvfb();
  procs.push(x.proc);
  const bus = await startDbus();
  procs.push(bus.proc);
  const fake = await startFake();
  procs.push(fake.proc);
  dataDir = mkdtempSync(join(tmpdir(), 'parley-listen-window-'));
  const app = await startWindow('parley-listen-window', { display: x.display, dataDir, env: { DBUS_SESSION_BUS_ADDRESS: bus.address } });
  procs.push(app.proc);
  evaluate = await inspector(app.socket);
  await evaluate.until('!!(window.go && window.go.main && window.go.main.App)', 'the Go bridge');

  // Set-up through the bound API, as the Chromium tests do; the scene opens with the fake's line.
  // A long line: the fake's clip lasts 60 ms a character, and must still play when the test looks again.
  await fake.control('/_control/script', [reply('어서 오세요! 오늘은 날씨가 정말 좋네요. 따뜻한 커피나 시원한 음료 중에서 무엇을 드릴까요? 케이크도 있으니 천천히 골라 주세요.')]);
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
  screenshotWindow(x.display, 'listen-webkit-window');

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
