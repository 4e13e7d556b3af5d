import { describe, it, expect, beforeEach, afterEach, vi, onTestFinished } from 'vitest';
import { installFakeBackend } from '../fake/bridge.js';
import { App } from '../../src/views/App.js';
import { enter, navigate, leave } from '../../src/store.js';
import * as live from '../../src/chat/live.js';
import { closeRoom } from '../../src/chat/room.js';
import { setLanguage } from '../../src/i18n/index.js';
import * as speak from '../../src/speak.js';
import { mount, waitFor, byTestId, click, key, manualFrames, settle } from './helpers.js';

const ROOM = { language: 'ko', level: 'A2', situation: 'A café', myRole: 'Customer', aiRole: 'Barista', goal: '', formality: '', presetId: '', title: 'Café' };
const LINE = { id: 5, role: 'assistant', text: '네 아메리카노 한 잔이요', status: 'done', createdAt: new Date().toISOString() };

async function openChat(fake) {
  fake.state.settings.hasKey = true;
  fake.state.session = fake.state.users.get('mina').user;
  const room = await fake.app.CreateRoom(ROOM);
  fake.state.messages.set(room.id, [{ ...LINE }]);
  await enter(fake.state.session);
  navigate({ name: 'chat', roomId: room.id });
  return room;
}

const keyUp = (el, init) => el.dispatchEvent(new KeyboardEvent('keyup', { bubbles: true, cancelable: true, ...init }));

describe('push-to-talk', () => {
  let fake;
  let view;
  let frames;
  beforeEach(() => {
    setLanguage('en');
    fake = installFakeBackend(window);
    speak.capture.value = null; // each test's fake says where the microphone is read
    live.unlisten();
    live.listen();
    frames = manualFrames(live.setFrameScheduler);
    view = mount(App);
  });
  afterEach(async () => {
    await speak.cancel();
    view.unmount();
    frames.restore();
    closeRoom();
    leave();
  });

  it('holding Space in an empty composer records with a level meter; letting go puts the words in the composer', async () => {
    const room = await openChat(fake);
    const root = view.container;
    const composer = await waitFor(() => byTestId(root, 'composer'));
    await waitFor(() => root.querySelector('[data-id="5"]'));
    const down = key(composer, { key: ' ' });
    expect(down.defaultPrevented).toBe(true);
    const meter = await waitFor(() => byTestId(root, 'speak-level'));
    await waitFor(() => Number(meter.getAttribute('aria-valuenow')) > 0, { message: 'the meter moves' });
    expect(key(composer, { key: ' ', repeat: true }).defaultPrevented).toBe(true); // no spaces typed while held
    keyUp(composer, { key: ' ' });
    await waitFor(() => composer.value === '아메리카노 한 잔 주세요', { message: 'transcript in the composer' });
    expect(byTestId(root, 'speak-strip')).toBeNull();
    const stop = fake.calls.find(([m]) => m === 'StopRecording');
    expect(stop[1][0]).toBe(room.id);
    expect(speak.lastTiming.value.audioBytes).toBeGreaterThan(44);
    expect(fake.calls.some(([m]) => m === 'SendMessage')).toBe(false);

    // Sending the line keeps the recording with it: "My voice" replays it.
    await click(byTestId(root, 'send'));
    const mine = await waitFor(() => byTestId(root, 'my-voice'), { message: 'My voice on the sent line' });
    const kept = fake.calls.find(([m]) => m === 'KeepTake');
    const sent = fake.calls.find(([m]) => m === 'SendMessage');
    expect(sent[1]).toEqual([room.id, '아메리카노 한 잔 주세요']);
    expect(kept[1][0]).toBe(room.id);
    expect(kept[1][2]).toMatch(/^take/);
    await click(mine);
    await waitFor(() => byTestId(root, 'my-voice-audio'));
  });

  it('leaving the window while Space is held stops the recording as if let go', async () => {
    await openChat(fake);
    const root = view.container;
    const composer = await waitFor(() => byTestId(root, 'composer'));
    key(composer, { key: ' ' });
    await waitFor(() => byTestId(root, 'speak-level'));
    await waitFor(() => fake.calls.some(([m]) => m === 'StartRecording'));
    await settle();
    window.dispatchEvent(new Event('blur'));
    await waitFor(() => composer.value === '아메리카노 한 잔 주세요', { message: 'transcript after blur' });
  });

  it('Space types a space when the composer has text, and Esc cancels a recording', async () => {
    await openChat(fake);
    const root = view.container;
    const composer = await waitFor(() => byTestId(root, 'composer'));
    composer.value = 'hi';
    composer.dispatchEvent(new Event('input', { bubbles: true }));
    await settle();
    expect(key(composer, { key: ' ' }).defaultPrevented).toBe(false);
    expect(fake.calls.some(([m]) => m === 'StartRecording')).toBe(false);

    composer.value = '';
    composer.dispatchEvent(new Event('input', { bubbles: true }));
    await settle();
    key(composer, { key: ' ' });
    await waitFor(() => byTestId(root, 'speak-level'));
    key(composer, { key: 'Escape' });
    await waitFor(() => byTestId(root, 'speak-strip') === null);
    await waitFor(() => fake.calls.some(([m]) => m === 'CancelRecording'));
    keyUp(composer, { key: ' ' });
    await settle();
    expect(fake.calls.some(([m]) => m === 'StopRecording')).toBe(false);
    expect(composer.value).toBe('');
  });

  it('with "Send at once" on, what the learner says is sent without the composer', async () => {
    const room = await openChat(fake);
    const root = view.container;
    const composer = await waitFor(() => byTestId(root, 'composer'));
    await click(byTestId(root, 'send-at-once'));
    await waitFor(() => fake.state.sendAtOnce.includes(room.id));
    key(composer, { key: ' ' });
    await waitFor(() => byTestId(root, 'speak-level'));
    keyUp(composer, { key: ' ' });
    await waitFor(() => fake.calls.some(([m]) => m === 'SendMessage'));
    expect(fake.calls.find(([m]) => m === 'SendMessage')[1]).toEqual([room.id, '아메리카노 한 잔 주세요']);
    expect(composer.value).toBe('');
  });

  it('says what went wrong in words, with how to allow the microphone', async () => {
    await openChat(fake);
    const root = view.container;
    const composer = await waitFor(() => byTestId(root, 'composer'));
    fake.state.speakFail = 'speak.silent';
    key(composer, { key: ' ' });
    await waitFor(() => byTestId(root, 'speak-level'));
    keyUp(composer, { key: ' ' });
    const err = await waitFor(() => byTestId(root, 'speak-error'));
    expect(err.getAttribute('data-code')).toBe('speak.silent');
    expect(err.textContent).toContain('heard only silence');

    fake.app.StartRecording = vi.fn(async () => { throw { code: 'speak.permission_denied', field: '', message: 'x' }; });
    fake.state.capture = { native: true, os: 'darwin' };
    speak.capture.value = null;
    key(composer, { key: ' ' });
    const denied = await waitFor(() => root.querySelector('[data-testid=speak-error][data-code="speak.permission_denied"]'));
    expect(byTestId(denied, 'speak-allow').textContent).toContain('Privacy & Security → Microphone');
  });

  it('on Windows the web view records, and a refused microphone says how to allow it there', async () => {
    await openChat(fake);
    const root = view.container;
    const composer = await waitFor(() => byTestId(root, 'composer'));
    fake.state.capture = { native: false, os: 'windows' };
    speak.capture.value = null;
    const getUserMedia = vi.fn(async () => { throw new DOMException('Permission denied by system', 'NotAllowedError'); });
    Object.defineProperty(navigator, 'mediaDevices', { value: { getUserMedia }, configurable: true });
    globalThis.MediaRecorder = class {};
    try {
      key(composer, { key: ' ' });
      const err = await waitFor(() => root.querySelector('[data-testid=speak-error][data-code="speak.permission_denied"]'));
      expect(getUserMedia).toHaveBeenCalledTimes(1);
      expect(fake.calls.some(([m]) => m === 'StartRecording')).toBe(false);
      expect(byTestId(err, 'speak-allow').textContent).toContain('Let desktop apps access your microphone');
    } finally {
      delete navigator.mediaDevices;
      delete globalThis.MediaRecorder;
    }
  });

  it('Say it plays the AI line first, then compares the repeated words with it', async () => {
    // jsdom plays nothing: this player plays for a moment and ends, as a short clip would.
    const proto = window.HTMLMediaElement.prototype;
    const spies = [
      vi.spyOn(proto, 'play').mockImplementation(function play() {
        queueMicrotask(() => this.dispatchEvent(new Event('playing')));
        setTimeout(() => this.dispatchEvent(new Event('ended')), 30);
        return Promise.resolve();
      }),
      vi.spyOn(proto, 'pause').mockImplementation(() => {}),
      vi.spyOn(proto, 'load').mockImplementation(() => {}),
    ];
    onTestFinished(() => spies.forEach((sp) => sp.mockRestore()));
    await openChat(fake);
    const root = view.container;
    const sayIt = await waitFor(() => root.querySelector('[data-id="5"] [data-testid=say-it]'));
    fake.state.transcript = '네 아메리카노 두 잔이요';
    await click(sayIt);
    await waitFor(() => byTestId(root, 'speak-level'));
    // The line was spoken before the microphone opened.
    const spoke = fake.calls.findIndex(([m]) => m === 'SpeakMessage');
    const recorded = fake.calls.findIndex(([m]) => m === 'StartRecording');
    expect(spoke).toBeGreaterThanOrEqual(0);
    expect(spoke).toBeLessThan(recorded);
    expect(sayIt.getAttribute('aria-pressed')).toBe('true');
    await click(sayIt);
    const result = await waitFor(() => root.querySelector('[data-id="5"] [data-testid=shadow-result]'));
    expect(result.getAttribute('data-same')).toBe('3');
    expect(result.querySelector('[data-kind=changed]').textContent).toContain('두');
    expect(result.textContent).toContain('not your pronunciation');
    expect(byTestId(root, 'composer').value).toBe(''); // shadowing never fills the composer
  });

  it('Settings → Speaking saves the transcription model', async () => {
    fake.state.session = fake.state.users.get('mina').user;
    await enter(fake.state.session);
    navigate({ name: 'settings' });
    const root = view.container;
    const field = await waitFor(() => byTestId(root, 'settings-transcription-model'));
    await waitFor(() => field.value === 'whisper-1');
    expect(byTestId(root, 'speak-settings-save').disabled).toBe(true);
    field.value = 'gpt-4o-mini-transcribe';
    field.dispatchEvent(new Event('input', { bubbles: true }));
    await settle();
    await click(byTestId(root, 'speak-settings-save'));
    await waitFor(() => fake.calls.some(([m]) => m === 'SaveSpeakSettings'));
    expect(fake.calls.find(([m]) => m === 'SaveSpeakSettings')[1]).toEqual(['gpt-4o-mini-transcribe']);
  });

  it('Settings → Speaking keeps what was typed before the saved model arrived', async () => {
    fake.state.session = fake.state.users.get('mina').user;
    let answer;
    window.go.main.App.GetSpeakSettings = () => new Promise((resolve) => { answer = () => resolve({ transcriptionModel: 'whisper-1' }); });
    await enter(fake.state.session);
    navigate({ name: 'settings' });
    const root = view.container;
    const field = await waitFor(() => byTestId(root, 'settings-transcription-model'));
    await waitFor(() => answer);
    field.value = 'gpt-4o-transcribe';
    field.dispatchEvent(new Event('input', { bubbles: true }));
    await settle();
    answer();
    await settle();
    await settle();
    expect(field.value).toBe('gpt-4o-transcribe');
    expect(byTestId(root, 'speak-settings-save').disabled).toBe(false);
  });
});
