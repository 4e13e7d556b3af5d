// Push-to-talk through the real capture path on Linux: a private PulseAudio whose default
// source is the monitor of a null sink, fed a sentence spoken by espeak-ng (paplay into the
// sink), recorded by the app's Go microphone (miniaudio), sent to the fake's
// /audio/transcriptions, which answers with what it decoded from the WAV (length and how much
// of it is voice), so the transcript in the composer proves the learner's sound made it
// through. Then the same learner shadows a line ("Say it"). Last, the web view's own path:
// getUserMedia + MediaRecorder in Chromium with a fake capture device, as on Windows.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumArgs, openApp, screenshotPath, startApp, startStack, stopProcess, stopStack, withArtifacts } from '../lib/harness.mjs';
import { playInto, sayWav, startPulse } from '../lib/pulse.mjs';
import { enterAs, openRoom, reply, script, waitForLastReply } from '../lib/parley.mjs';

const SENTENCE = '아메리카노 한 잔 주세요';
const OPENING = '네, 아메리카노 한 잔이요. 따뜻한 걸로 드릴까요?';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let s;
let page;
let pulse;
let dir;
let wav;
let wavSeconds;

/** Plays the spoken sentence into the microphone, resolving when it has played. */
const speakIntoMic = () => playInto(pulse.server, wav);

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'parley-speak-'));
  ({ path: wav, seconds: wavSeconds } = sayWav(dir, 'ko', SENTENCE));
  pulse = await startPulse(dir);
  // The app's microphone is this PulseAudio (libpulse reads PULSE_SERVER).
  process.env.PULSE_SERVER = pulse.server;
  s = await startStack();
  page = await openApp(s);
});
after(async () => {
  if (s) await stopStack(s);
  await stopProcess(pulse?.proc);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function koreanRoom(username) {
  await script(s, reply(OPENING));
  const [room] = await enterAs(page, s, username, { rooms: [{ title: '카페', language: 'ko' }] });
  await openRoom(page, room.id);
  await waitForLastReply(page, 'done');
  return room;
}

test('holding Space records the microphone in Go, and letting go puts the transcript in the composer', async () => {
  await withArtifacts('speak-space', page, async () => {
    const room = await koreanRoom('sora');
    const composer = page.getByTestId('composer');
    await composer.focus();
    await page.keyboard.down(' ');
    await page.getByTestId('speak-level').waitFor();
    const speaking = speakIntoMic();
    // The level meter rises with the voice.
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=speak-level]')?.dataset.level) > 0.02, null, { timeout: 10000 });
    await page.screenshot({ path: screenshotPath('speak-recording') });
    await speaking;
    await page.keyboard.up(' ');
    const released = Date.now();
    await page.waitForFunction(() => document.querySelector('[data-testid=composer]').value !== '', null, { timeout: 15000 });
    const seenMs = Date.now() - released;
    const text = await composer.inputValue();
    // The fake decoded a 16 kHz mono WAV with the sentence's voice in it, in Korean.
    const m = /^\[ko\] ([\d.]+) s, voice ([\d.]+) s, 16000 Hz mono$/.exec(text);
    assert.ok(m, `transcript: ${text}`);
    // Some voice must arrive (a broken capture path sends silence); on a loaded 2-core machine
    // PulseAudio may drop part of it, so a share, not the whole sentence, is asked for.
    assert.ok(Number(m[2]) >= wavSeconds * 0.1, `voice ${m[2]} s of the ${wavSeconds.toFixed(2)} s sentence reached the server`);
    assert.ok(Number(m[1]) >= Number(m[2]));
    await page.screenshot({ path: screenshotPath('speak-transcript') });

    const reqs = (await s.fake.control('/_control/requests')).filter((r) => r.endpoint === 'transcription');
    assert.equal(reqs.length, 1);
    assert.equal(reqs[0].model, 'whisper-1');
    assert.equal(reqs[0].language, 'ko');
    assert.equal(reqs[0].fileName, 'speech.wav');
    assert.equal(reqs[0].responseFormat, 'json');
    const mic = page.getByTestId('mic');
    const timing = { releaseMs: Number(await mic.getAttribute('data-release-ms')), bytes: Number(await mic.getAttribute('data-audio-bytes')),
      durationMs: Number(await mic.getAttribute('data-duration-ms')) };
    assert.equal(reqs[0].fileBytes, timing.bytes);
    assert.equal(timing.bytes, 44 + 32 * timing.durationMs, '16 kHz 16-bit mono: 32 000 bytes a second plus the header');
    console.log(`# native (Go/miniaudio/PulseAudio): release → transcript ${timing.releaseMs} ms in the page (${seenMs} ms seen by the test); `
      + `${timing.bytes} bytes for ${timing.durationMs} ms = ${Math.round((timing.bytes - 44) / (timing.durationMs / 1000))} B/s`);

    // Sent, the line keeps the learner's voice: "My voice" replays it.
    await page.keyboard.press('Enter');
    const mine = page.locator('[data-testid=message][data-role=user] [data-testid=my-voice]');
    await mine.waitFor({ timeout: 10000 });
    await mine.click();
    await page.getByTestId('my-voice-audio').waitFor({ state: 'attached' });
    void room;
  });
});

test('Say it records the learner repeating the AI line and compares the words', async () => {
  await withArtifacts('speak-shadow', page, async () => {
    await koreanRoom('mina');
    // The recogniser "heard" one word differently.
    await script(s, { endpoint: 'transcription', reply: '네 아메리카노 한 잔이요 따뜻한 거로 드릴까요' });
    const line = page.locator('[data-testid=message][data-role=assistant]').last();
    await line.getByTestId('say-it').click();
    await page.getByTestId('speak-level').waitFor();
    await speakIntoMic();
    await line.getByTestId('say-it').click();
    const result = line.getByTestId('shadow-result');
    await result.waitFor({ timeout: 15000 });
    assert.equal(await result.getAttribute('data-same'), '6');
    assert.equal(await result.getAttribute('data-total'), '7');
    assert.match(await result.locator('[data-kind=changed]').innerText(), /걸로\s*→\s*거로/);
    assert.equal(await page.getByTestId('composer').inputValue(), '', 'shadowing leaves the composer alone');
    await result.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('speak-shadowing') });
  });
});

test('a server without transcription and a silent microphone are said plainly', async () => {
  await withArtifacts('speak-errors', page, async () => {
    await koreanRoom('jun');
    const composer = page.getByTestId('composer');
    await composer.focus();
    // Nothing plays into the sink: the monitor is silent.
    await page.keyboard.down(' ');
    // A second of what the microphone hears, by the recorder's own count.
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=speak-level]')?.dataset.ms) >= 1000, null, { timeout: 10000 });
    await page.keyboard.up(' ');
    const err = page.getByTestId('speak-error');
    await err.waitFor();
    assert.equal(await err.getAttribute('data-code'), 'speak.silent');

    await script(s, { endpoint: 'transcription', fail: 'not_found' });
    await composer.focus();
    await page.keyboard.down(' ');
    await page.getByTestId('speak-level').waitFor();
    await speakIntoMic();
    await page.keyboard.up(' ');
    await page.locator('[data-testid=speak-error][data-code="speak.unsupported"]').waitFor({ timeout: 15000 });
    assert.equal(await composer.inputValue(), '');
  });
});

test('the web view path (Windows): getUserMedia in Chromium with a fake microphone, uploaded and transcribed', async () => {
  // The same app, told to record in the web view, in a Chromium whose capture device plays the WAV.
  process.env.PARLEY_MIC = 'webview';
  const app = await startApp(s.display);
  delete process.env.PARLEY_MIC;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
    args: [...chromiumArgs, '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${wav}`] });
  try {
    const p = await openApp({ browser, app });
    await withArtifacts('speak-webview', p, async () => {
      assert.deepEqual(await p.evaluate(() => window.go.main.App.SpeechCapture()), { native: false, os: 'linux' });
      await script(s, reply(OPENING));
      const [room] = await enterAs(p, s, 'yuki', { rooms: [{ title: '카페', language: 'ko' }] });
      await openRoom(p, room.id);
      await waitForLastReply(p, 'done');
      const composer = p.getByTestId('composer');
      await composer.focus();
      await p.keyboard.down(' ');
      await p.waitForFunction(() => Number(document.querySelector('[data-testid=speak-level]')?.dataset.level) > 0.01, null, { timeout: 10000 });
      await sleep(2000);
      await p.keyboard.up(' ');
      await p.waitForFunction(() => document.querySelector('[data-testid=composer]').value !== '', null, { timeout: 15000 });
      const text = await composer.inputValue();
      const m = /^\[ko\] (\d+) bytes of speech\.(webm|ogg)$/.exec(text);
      assert.ok(m, `transcript: ${text}`);
      const mic = p.getByTestId('mic');
      const ms = Number(await mic.getAttribute('data-duration-ms'));
      const bytes = Number(m[1]);
      assert.ok(bytes > 2000, `${bytes} bytes of Opus for ${ms} ms`);
      console.log(`# web view (getUserMedia/MediaRecorder, Opus): release → transcript ${await mic.getAttribute('data-release-ms')} ms; `
        + `${bytes} bytes for ${ms} ms = ${Math.round(bytes / (ms / 1000))} B/s`);
    });
  } finally {
    await browser.close().catch(() => {});
    await stopProcess(app.proc);
    rmSync(app.dataDir, { recursive: true, force: true });
  }
});
