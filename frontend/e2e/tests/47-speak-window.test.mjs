// Push-to-talk in the production WebKitGTK window, not only in Chromium: the production binary
// runs under Xvfb with WebKitGTK's remote inspector on a loopback port (an environment variable
// of WebKitGTK, not of Parley); the test drives the real page through it, holds Space in the
// composer while espeak-ng speaks into a private PulseAudio (lib/pulse.mjs), and waits for the
// transcript. The keys are dispatched in the page (the inspector cannot type), so this proves
// the page, the bound calls and Go's microphone in the shipped binary; the key handling itself
// is the same code the Chromium test types into.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDbus, startFake, startXvfb, stopProcess } from '../lib/harness.mjs';
import { inspector, screenshotWindow, startWindow } from '../lib/window.mjs';
import { playInto, sayWav, startPulse } from '../lib/pulse.mjs';
import { PASSWORD, reply } from '../lib/parley.mjs';

const procs = [];
let dir;
let evaluate;
after(async () => {
  if (evaluate) await evaluate.close();
  for (const p of procs.reverse()) await stopProcess(p);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

test('in the production WebKitGTK window, holding Space records through Go and the transcript lands in the composer', async () => {
  dir = mkdtempSync(join(tmpdir(), 'parley-speak-window-'));
  const wav = sayWav(dir, 'ko', '아메리카노 한 잔 주세요');
  const pulse = await startPulse(dir);
  procs.push(pulse.proc);
  const x = await startXvfb();
  procs.push(x.proc);
  const bus = await startDbus();
  procs.push(bus.proc);
  const fake = await startFake();
  procs.push(fake.proc);
  const app = await startWindow('parley-speak-window', { display: x.display, dataDir: join(dir, 'data'),
    env: { DBUS_SESSION_BUS_ADDRESS: bus.address, PULSE_SERVER: pulse.server } });
  procs.push(app.proc);
  evaluate = await inspector(app.socket);
  await evaluate.until('!!(window.go && window.go.main && window.go.main.App)', 'the Go bridge');
  await evaluate('(window.__cap = null, window.go.main.App.SpeechCapture().then((c) => (window.__cap = c)), true)');
  assert.deepEqual(await evaluate.until('window.__cap', 'SpeechCapture'), { native: true, os: 'linux' }, 'Go records in the Linux build');

  await fake.control('/_control/script', [reply('네, 아메리카노 한 잔이요. 따뜻한 걸로 드릴까요?')]);
  await evaluate(`(window.__setup = null, (async () => {
    const A = window.go.main.App;
    await A.SignUp({ username: 'sora', password: ${JSON.stringify(PASSWORD)}, displayName: 'Sora' });
    await A.SaveSettings({ apiKey: 'sk-e2e-window-key-1234', clearKey: false, baseUrl: ${JSON.stringify(fake.baseURL)}, model: 'gpt-4o-mini',
      temperature: 0.7, proxyUrl: '', uiLanguage: 'en', theme: 'system' });
    const r = await A.CreateRoom({ title: '카페', language: 'ko', level: 'A1', situation: 'A café', myRole: 'Customer',
      aiRole: 'Barista', goal: '', formality: '', presetId: '' });
    window.__setup = { id: r.id };
  })().catch((e) => { window.__setup = { error: String(e && (e.code || e.message || e)) }; }), true)`);
  const made = await evaluate.until('window.__setup', 'the set-up calls');
  assert.ok(!made.error, `set-up failed: ${made.error}`);
  await evaluate('location.reload(), true');
  await sleep(500);
  const link = `document.querySelector('[data-testid=room-item][data-room-id="${made.id}"] .room-link')`;
  await evaluate.until(`!!${link}`, 'the room in the sidebar');
  await evaluate(`${link}.click(), true`);
  await evaluate.until(`!!document.querySelector('[data-testid=message][data-status=done]')`, 'the opening line');

  const key = (type) => `(() => { const c = document.querySelector('[data-testid=composer]'); c.focus();
    return c.dispatchEvent(new KeyboardEvent('${type}', { key: ' ', code: 'Space', bubbles: true, cancelable: true })); })()`;
  assert.equal(await evaluate(key('keydown')), false, 'Space in the empty composer is taken for push-to-talk');
  await evaluate.until(`!!document.querySelector('[data-testid=speak-level]')`, 'the recording strip');
  const playing = playInto(pulse.server, wav.path);
  await evaluate.until(`Number(document.querySelector('[data-testid=speak-level]')?.dataset.level) > 0.02`, 'the level meter to rise', 10000);
  screenshotWindow(x.display, 'speak-webkit-window-recording');
  await playing;
  await evaluate(key('keyup'));
  const text = await evaluate.until(`document.querySelector('[data-testid=composer]').value`, 'the transcript', 15000);
  const m = /^\[ko\] ([\d.]+) s, voice ([\d.]+) s, 16000 Hz mono$/.exec(text);
  assert.ok(m, `transcript: ${text}`);
  assert.ok(Number(m[2]) >= wav.seconds * 0.1, `voice ${m[2]} s of the ${wav.seconds.toFixed(2)} s sentence`);
  const ms = await evaluate(`document.querySelector('[data-testid=mic]').dataset.releaseMs`);
  console.log(`# WebKitGTK window: release → transcript ${ms} ms; ${text}`);
  screenshotWindow(x.display, 'speak-webkit-window-transcript');
});
