// Reading aids switched off while a reply's readings are still being asked for stay off: the late
// answer does not draw them into the reply.
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { installFakeBackend } from '../fake/bridge.js';
import { ReadingAids } from '../../src/views/ReadingAids.js';
import { setEnabled } from '../../src/readingAids.js';
import { mount, waitFor } from './helpers.js';

describe('reading aids', () => {
  let view;
  let chat;
  let release;
  beforeEach(() => {
    const fake = installFakeBackend(window);
    release = null;
    // The readings are answered only when the test says so.
    fake.app.ReadingAids = (_language, texts) => new Promise((r) => {
      release = () => r(texts.map((t) => [{ text: t, reading: 'きょう' }]));
    });
  });
  // Each test its own word: readings once answered are cached.
  const reply = (word) => {
    chat = document.createElement('section');
    chat.dataset.testid = 'chat-view';
    chat.innerHTML = `<div data-testid="message" data-role="assistant" data-status="done"><div class="bubble"><div class="text">${word}</div></div></div>`;
    document.body.appendChild(chat);
  };
  afterEach(() => {
    view?.unmount();
    chat.remove();
  });

  it('are not drawn when switched off before their readings arrive', async () => {
    reply('今日');
    const room = { id: 'aids-off', language: 'ja', level: 'A1' };
    view = mount(ReadingAids, { room });
    await waitFor(() => release, { message: 'the readings asked for' });
    const text = chat.querySelector('.text');
    setEnabled(room.id, false);
    await waitFor(() => !text.dataset.aids, { message: 'the switch to take effect' });
    release();
    await new Promise((r) => setTimeout(r, 50));
    expect(text.querySelector('ruby')).toBeNull();
    expect(text.textContent).toBe('今日');
  });

  it('are drawn when left on', async () => {
    reply('天気');
    const room = { id: 'aids-on', language: 'ja', level: 'A1' };
    view = mount(ReadingAids, { room });
    await waitFor(() => release, { message: 'the readings asked for' });
    release();
    const text = chat.querySelector('.text');
    await waitFor(() => text.querySelector('ruby'), { message: 'the readings drawn' });
    expect(text.querySelector('rt').dataset.reading).toBe('きょう');
  });
});
