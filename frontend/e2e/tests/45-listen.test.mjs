// Listening through the real app and the fake speech endpoint: Listen plays a line (the media
// element reaches "playing" and its time advances), a second play comes from the sealed cache
// without a request, 0.75× asks for slower speech, auto-read speaks a finished reply, a server
// without speech says so and points to the setting, and the settings show and clear the cache.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { artifacts, openApp, screenshotPath, startStack, stopStack, withArtifacts } from '../lib/harness.mjs';
import { enterAs, must, openRoom, reloadApp, resetFake, roomInput, script, reply, sendLine, waitForLastReply, waitForReplyTo } from '../lib/parley.mjs';
import learn from '../../src/i18n/learn.js';

let s;
let page;
before(async () => {
  s = await startStack();
  page = await openApp(s);
  await enterAs(page, s, 'hana');
});
after(async () => { if (s) await stopStack(s); });
beforeEach(async () => { await resetFake(s); });

// The fake's clip lasts 60 ms a character (at least 2 s): long lines, so a clip is still playing
// when the test stops it on a slow machine (a click after its end would play it again).
const OPENING = '어서 오세요! 오늘은 날씨가 정말 좋네요. 따뜻한 커피나 시원한 음료 중에서 무엇을 드릴까요? 케이크도 있으니 천천히 골라 주세요.';

async function speechRequests() {
  return (await s.fake.control('/_control/requests')).filter((r) => r.endpoint === 'speech');
}

async function newRoom(title) {
  await script(s, reply(OPENING));
  const room = await must(page, 'CreateRoom', roomInput({ title, language: 'ko', level: 'A1' }));
  await reloadApp(page);
  await openRoom(page, room.id);
  await waitForLastReply(page, 'done');
  return room;
}

const listenOn = (id) => page.locator(`[data-testid=message][data-id="${id}"] [data-testid=listen]`);

/** Waits until the player plays and its time has moved on; returns what it measured. */
async function waitForPlayback(minSeconds = 0.3) {
  await page.waitForFunction((min) => {
    const a = document.querySelector('audio[data-testid=speech-audio]');
    return a && !a.paused && a.readyState >= 2 && a.currentTime >= min;
  }, minSeconds, { timeout: 15000 });
  return page.evaluate(() => {
    const a = document.querySelector('audio[data-testid=speech-audio]');
    return { startMs: Number(a.dataset.startMs), cached: a.dataset.cached === 'true', time: a.currentTime, duration: a.duration };
  });
}

const timings = {};

test('Listen plays a line in Chromium, shows it playing, and a second play sends no request', async () => {
  await withArtifacts('listen-play', page, async () => {
    await newRoom('Listening café');
    const [opening] = (await page.$$eval('[data-testid=message]', (els) => els.map((e) => Number(e.dataset.id))));
    await listenOn(opening).click();
    const first = await waitForPlayback();
    assert.equal(first.cached, false);
    assert.ok(first.duration >= 1.5, `the fake's clip lasts ${first.duration} s`);
    assert.equal(await listenOn(opening).getAttribute('data-state'), 'playing');
    await page.screenshot({ path: screenshotPath('listen-playing') });
    let reqs = await speechRequests();
    assert.equal(reqs.length, 1);
    assert.equal(reqs[0].input, OPENING);
    assert.equal(reqs[0].voice, 'alloy');

    // Stop, then play again: from the cache, no request.
    await listenOn(opening).click();
    assert.equal(await listenOn(opening).getAttribute('data-state'), 'idle');
    assert.equal(await page.evaluate(() => document.querySelector('audio[data-testid=speech-audio]').paused), true);
    await listenOn(opening).click();
    const again = await waitForPlayback();
    assert.equal(again.cached, true);
    reqs = await speechRequests();
    assert.equal(reqs.length, 1, 'the second play of a line sends no request');
    timings.uncachedMs = first.startMs;
    timings.cachedMs = again.startMs;
    await listenOn(opening).click();
  });
});

test('0.75× asks the server for slower speech, a clip of its own', async () => {
  await withArtifacts('listen-slow', page, async () => {
    const [opening] = (await page.$$eval('[data-testid=message]', (els) => els.map((e) => Number(e.dataset.id))));
    await page.getByTestId('speech-speed-0.75').check();
    await listenOn(opening).click();
    const slow = await waitForPlayback();
    assert.equal(slow.cached, false);
    const reqs = await speechRequests();
    assert.equal(reqs.length, 1);
    assert.equal(JSON.parse(reqs[0].body).speed, 0.75);
    await listenOn(opening).click();
    await page.getByTestId('speech-speed-1').check();
  });
});

test('with auto-read on, a finished reply is read aloud', async () => {
  await withArtifacts('listen-auto-read', page, async () => {
    await page.getByTestId('auto-read').check();
    const answer = '네, 아이스 아메리카노 한 잔 나왔습니다. 빨대와 시럽은 왼쪽 선반에 있으니 필요하시면 편하게 가져가세요. 좋은 하루 보내세요!';
    await script(s, reply(answer));
    await sendLine(page, '아이스 아메리카노 주세요.');
    const done = await waitForReplyTo(page, '아이스 아메리카노 주세요.');
    assert.equal(done.text, answer);
    await waitForPlayback(0.2);
    assert.equal(await listenOn(done.id).getAttribute('data-state'), 'playing');
    const reqs = await speechRequests();
    assert.deepEqual(reqs.map((r) => r.input), [answer]);
    await listenOn(done.id).click();
    await page.getByTestId('auto-read').uncheck();
  });
});

test('a server without speech says it cannot speak and leads to the speech settings', async () => {
  await withArtifacts('listen-unsupported', page, async () => {
    await script(s, { endpoint: 'speech', fail: 'not_found' });
    // The learner's own line has not been spoken yet, so it is not in the cache.
    const last = Number(await page.locator('[data-testid=message][data-role=user]').last().getAttribute('data-id'));
    await listenOn(last).click();
    const toast = page.getByTestId('error-toast');
    await toast.waitFor();
    assert.equal((await toast.locator('span').first().textContent()).trim(), learn.en['err.speech.unsupported']);
    assert.equal(await listenOn(last).getAttribute('data-state'), 'idle');
    await page.screenshot({ path: screenshotPath('listen-unsupported') });
    await toast.getByTestId('open-speech-settings').click();
    await page.getByTestId('speech-form').waitFor();
  });
});

test('the settings show the speech cache and Clear empties it', async () => {
  await withArtifacts('listen-cache-settings', page, async () => {
    const size = page.getByTestId('speech-cache-size');
    await size.waitFor();
    assert.ok(Number(await size.getAttribute('data-bytes')) > 0, 'the clips played so far are cached');
    await page.getByTestId('speech-form').screenshot({ path: screenshotPath('listen-settings') });
    await page.getByTestId('speech-clear').click();
    await page.getByTestId('speech-cleared').waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid=speech-cache-size]')?.dataset.bytes === '0');
    const info = await must(page, 'SpeechCacheInfo');
    assert.equal(info.clips, 0);
    assert.ok(info.characters > 0, 'what speech cost is kept');
    mkdirSync(artifacts, { recursive: true });
    writeFileSync(join(artifacts, 'listen-timings.json'), JSON.stringify(timings, null, 2));
    console.log(`# Listen click → audio playing: uncached ${timings.uncachedMs} ms, cached ${timings.cachedMs} ms`);
  });
});
