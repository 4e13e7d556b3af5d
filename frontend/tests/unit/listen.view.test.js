import { describe, it, expect, beforeEach, afterEach, vi } from 'vitest';
import { installFakeBackend } from '../fake/bridge.js';
import { App } from '../../src/views/App.js';
import { enter, navigate, leave } from '../../src/store.js';
import * as live from '../../src/chat/live.js';
import { closeRoom } from '../../src/chat/room.js';
import * as listen from '../../src/listen.js';
import { setLanguage } from '../../src/i18n/index.js';
import { mount, waitFor, byTestId, allByTestId, click, check, settle } from './helpers.js';

const ROOM = { language: 'ko', level: 'A1', situation: '카페', myRole: '손님', aiRole: '바리스타', goal: '', formality: '', presetId: '', title: '카페' };
const at = '2026-03-01T09:00:00Z';
const LINES = [
  { id: 1, role: 'assistant', text: '어서 오세요!', status: 'done', createdAt: at, opening: true },
  { id: 2, role: 'user', text: '커피 주세요.', status: 'done', createdAt: at },
  { id: 3, role: 'assistant', text: '네, 여기 있습니다.', status: 'done', createdAt: at },
];

// jsdom has no media playback: the player's play() resolves and fires "playing" like a browser's.
function stubPlayer() {
  const proto = window.HTMLMediaElement.prototype;
  const spies = [
    vi.spyOn(proto, 'play').mockImplementation(function play() {
      queueMicrotask(() => this.dispatchEvent(new Event('playing')));
      return Promise.resolve();
    }),
    vi.spyOn(proto, 'pause').mockImplementation(() => {}),
    vi.spyOn(proto, 'load').mockImplementation(() => {}),
  ];
  return () => spies.forEach((s) => s.mockRestore());
}

describe('listening', () => {
  let fake;
  let view;
  let restore;
  let room;
  beforeEach(async () => {
    setLanguage('en');
    localStorage.clear();
    listen.speed.value = 1;
    listen.autoRead.value = {};
    fake = installFakeBackend(window);
    restore = stubPlayer();
    live.unlisten();
    live.listen();
    view = mount(App);
    fake.state.settings.hasKey = true;
    fake.state.session = fake.state.users.get('mina').user;
    room = await fake.app.CreateRoom(ROOM);
    fake.state.messages.set(room.id, LINES.map((m) => ({ ...m })));
    await enter(fake.state.session);
    navigate({ name: 'chat', roomId: room.id });
    await waitFor(() => allByTestId(view.container, 'listen').length === 3, { message: 'listen buttons' });
  });
  afterEach(() => {
    listen.stop();
    view.unmount();
    closeRoom();
    leave();
    restore();
  });

  it('plays a line on Listen, shows which one plays, and stops on a second click', async () => {
    const spy = vi.spyOn(fake.app, 'SpeakMessage');
    const button = () => view.container.querySelector('[data-id="3"] [data-testid=listen]');
    await click(button());
    await waitFor(() => button().dataset.state === 'playing', { message: 'playing' });
    expect(spy).toHaveBeenCalledWith(expect.any(String), room.id, 3, 1);
    const audio = document.querySelector('audio[data-testid=speech-audio]');
    expect(audio.getAttribute('src')).toMatch(/^data:audio\//);
    expect(audio.dataset.cached).toBe('false');
    // Only one line plays at a time: the others stay idle.
    expect(allByTestId(view.container, 'listen').filter((b) => b.dataset.state !== 'idle')).toHaveLength(1);
    await click(button());
    expect(button().dataset.state).toBe('idle');
    expect(audio.hasAttribute('src')).toBe(false);
  });

  it('asks for the slower clip at 0.75× and reuses the cached one the second time', async () => {
    await click(byTestId(view.container, 'speech-speed-0.75'));
    await waitFor(() => listen.speed.value === 0.75, { message: 'the slower speed' });
    await settle(); // the list re-renders with the new speed: click the button it shows now
    const spy = vi.spyOn(fake.app, 'SpeakMessage');
    const b = () => view.container.querySelector('[data-id="1"] [data-testid=listen]');
    await click(b());
    await waitFor(() => b().dataset.state === 'playing');
    expect(spy.mock.calls[0][3]).toBe(0.75);
    document.querySelector('audio[data-testid=speech-audio]').dispatchEvent(new Event('ended'));
    await settle();
    expect(b().dataset.state).toBe('idle');
    await click(b());
    await waitFor(() => b().dataset.state === 'playing');
    expect(document.querySelector('audio[data-testid=speech-audio]').dataset.cached).toBe('true');
    expect(JSON.parse(localStorage.getItem('parley.speechSpeed'))).toBe(0.75);
  });

  it('says the server cannot speak and offers the settings', async () => {
    fake.app.SpeakMessage = () => Promise.reject({ code: 'speech.unsupported', field: '', message: 'x' });
    await click(view.container.querySelector('[data-id="1"] [data-testid=listen]'));
    const toast = await waitFor(() => byTestId(document.body, 'error-toast'));
    expect(toast.textContent).toContain('This server cannot speak');
    await click(byTestId(toast, 'open-speech-settings'));
    await waitFor(() => byTestId(view.container, 'speech-form'), { message: 'speech settings' });
  });

  it('reads a finished reply aloud in a room with auto-read, only after a first gesture', async () => {
    const spy = vi.spyOn(fake.app, 'SpeakMessage');
    await check(byTestId(view.container, 'auto-read'));
    const reply = { id: 4, role: 'assistant', text: '또 오세요!', status: 'done', createdAt: at };
    if (!listen.hasGesture()) {
      fake.emit('chat:done', { roomId: room.id, reply });
      await settle();
      expect(spy).not.toHaveBeenCalled();
      document.dispatchEvent(new Event('pointerdown'));
    }
    fake.emit('chat:done', { roomId: room.id, reply: { ...reply, id: 5 } });
    await waitFor(() => spy.mock.calls.length === 1, { message: 'auto-read' });
    expect(spy.mock.calls[0].slice(1)).toEqual([room.id, 5, 1]);
    // A stopped reply, or one in another room, is not read.
    listen.stop();
    fake.emit('chat:done', { roomId: room.id, reply: { ...reply, id: 6, status: 'stopped' } });
    fake.emit('chat:done', { roomId: 'elsewhere', reply: { ...reply, id: 7 } });
    await settle();
    expect(spy).toHaveBeenCalledTimes(1);
    expect(listen.autoRead.value[room.id]).toBe(true);
  });
});
