import { describe, it, expect, beforeEach } from 'vitest';
import * as chat from '../../src/chat.js';
import { asMina } from './helpers.js';

describe('long rooms stay bounded', () => {
  let fake;
  let roomId;
  beforeEach(async () => {
    fake = asMina();
    const room = await fake.app.CreateRoom({ language: 'en', level: 'B1', situation: 's', myRole: 'a', aiRole: 'b' });
    roomId = room.id;
    const msgs = [];
    for (let i = 1; i <= 1000; i++) msgs.push({ id: i, role: i % 2 ? 'user' : 'assistant', text: `m${i}`, status: 'done', createdAt: '2026-01-01T00:00:00Z' });
    fake.state.messages.set(roomId, msgs);
  });

  it('opens on the newest page only', async () => {
    await chat.openRoom(roomId);
    expect(chat.messages.value).toHaveLength(chat.PAGE);
    expect(chat.messages.value.at(-1).id).toBe(1000);
    expect(chat.hasMore.value).toBe(true);
    expect(fake.calls.some(([m]) => m === 'OpenScene')).toBe(false);
  });

  it('loads older pages on demand but never keeps more than MAX_RENDERED', async () => {
    await chat.openRoom(roomId);
    for (let i = 0; i < 10; i++) await chat.loadOlder();
    expect(chat.messages.value.length).toBeLessThanOrEqual(chat.MAX_RENDERED);
    expect(chat.hasNewer.value).toBe(true);
    const ids = chat.messages.value.map((m) => m.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(ids[0]).toBe(1000 - 11 * chat.PAGE + 1);
    await chat.jumpToLatest();
    expect(chat.hasNewer.value).toBe(false);
    expect(chat.messages.value.at(-1).id).toBe(1000);
    expect(chat.messages.value).toHaveLength(chat.PAGE);
  });

  it('trims back to the newest messages when the learner returns to the bottom', async () => {
    await chat.openRoom(roomId);
    for (let i = 0; i < 3; i++) await chat.loadOlder();
    expect(chat.messages.value).toHaveLength(4 * chat.PAGE);
    chat.trimToLatest();
    expect(chat.messages.value).toHaveLength(chat.KEEP_AT_BOTTOM);
    expect(chat.messages.value.at(-1).id).toBe(1000);
    expect(chat.hasMore.value).toBe(true);
  });

  it('asks the AI to open the scene in an empty room', async () => {
    fake.state.messages.set(roomId, []);
    fake.state.settings.hasKey = true;
    await chat.openRoom(roomId);
    expect(fake.calls.filter(([m]) => m === 'OpenScene')).toHaveLength(1);
    expect(chat.messages.value[0]).toMatchObject({ role: 'assistant', status: 'streaming' });
  });

  it('drops answers that arrive for a room the learner already left', async () => {
    const other = await fake.app.CreateRoom({ language: 'ko', level: 'B1', situation: 's', myRole: 'a', aiRole: 'b' });
    fake.state.messages.set(other.id, [{ id: 5000, role: 'assistant', text: 'other', status: 'done', createdAt: '2026-01-01T00:00:00Z' }]);
    const first = chat.openRoom(roomId);
    await chat.openRoom(other.id);
    await first;
    expect(chat.roomId.value).toBe(other.id);
    expect(chat.messages.value.map((m) => m.id)).toEqual([5000]);
  });
});

describe('scrolling up in a long room', () => {
  it('loads the page before the oldest shown message and keeps the DOM bounded', async () => {
    const { App } = await import('../../src/views/App.js');
    const { enter, navigate, leave } = await import('../../src/store.js');
    const { mount, waitFor, allByTestId, byTestId } = await import('./helpers.js');
    const fake = asMina();
    const room = await fake.app.CreateRoom({ language: 'en', level: 'B1', situation: 's', myRole: 'a', aiRole: 'b' });
    const msgs = [];
    for (let i = 1; i <= 1000; i++) msgs.push({ id: i, role: i % 2 ? 'user' : 'assistant', text: `m${i}`, status: 'done', createdAt: '2026-01-01T00:00:00Z' });
    fake.state.messages.set(room.id, msgs);
    const view = mount(App);
    await enter(fake.state.session);
    navigate({ name: 'chat', roomId: room.id });
    const root = view.container;
    await waitFor(() => allByTestId(root, 'message').length === chat.PAGE, { message: 'the first page' });
    const list = byTestId(root, 'messages');
    // jsdom has no layout: give the list a viewport so "scrolled to the top" is not also "at the bottom".
    Object.defineProperty(list, 'clientHeight', { value: 500 });
    Object.defineProperty(list, 'scrollHeight', { get: () => 80 * list.querySelectorAll('[data-testid=message]').length });
    for (let i = 0; i < 8; i++) {
      const before = fake.calls.filter(([m]) => m === 'ListMessages').length;
      list.scrollTop = 0;
      list.dispatchEvent(new Event('scroll'));
      await waitFor(() => fake.calls.filter(([m]) => m === 'ListMessages').length === before + 1 && !chat.loadingOlder.value, { message: `older page ${i}` });
    }
    const calls = fake.calls.filter(([m]) => m === 'ListMessages');
    expect(calls[1][1]).toEqual([room.id, 1000 - chat.PAGE + 1, chat.PAGE]);
    await waitFor(() => allByTestId(root, 'message').length === chat.MAX_RENDERED);
    expect(byTestId(root, 'jump-latest')).not.toBeNull();
    view.unmount();
    chat.closeRoom();
    leave();
  });
});

describe('replies that race their own events', () => {
  let fake;
  let roomId;
  const t0 = '2026-01-01T00:00:00Z';
  beforeEach(async () => {
    fake = asMina();
    const room = await fake.app.CreateRoom({ language: 'en', level: 'B1', situation: 's', myRole: 'a', aiRole: 'b' });
    roomId = room.id;
  });

  it('does not reopen a finished reply for a stray late delta', async () => {
    fake.state.messages.set(roomId, [{ id: 1, role: 'assistant', text: 'Done.', status: 'done', createdAt: t0 }]);
    await chat.openRoom(roomId);
    chat.applyDeltas(new Map([[1, ' more']]));
    expect(chat.messages.value[0]).toMatchObject({ text: 'Done.', status: 'done' });
  });

  it('does not mark the room streaming when the reply finished before SendMessage returned', async () => {
    const { isStreaming } = await import('../../src/store.js');
    fake.state.messages.set(roomId, [{ id: 1, role: 'assistant', text: 'Hi', status: 'done', createdAt: t0 }]);
    await chat.openRoom(roomId);
    fake.app.SendMessage = async () => {
      chat.onDone({ roomId, reply: { id: 3, role: 'assistant', text: 'Fast!', status: 'done', createdAt: t0 } });
      return { messageId: 2, replyId: 3 };
    };
    expect(await chat.send('Hello')).toBe(true);
    expect(chat.messages.value.map((m) => [m.id, m.status])).toEqual([[1, 'done'], [2, 'done'], [3, 'done']]);
    expect(isStreaming({ id: roomId, streaming: false })).toBe(false);
    expect(chat.busy.value).toBe(false);
  });

  it('answers a learner line left without a reply without touching the reply before it', async () => {
    fake.state.messages.set(roomId, [
      { id: 1, role: 'assistant', text: 'Hi', status: 'done', createdAt: t0 },
      { id: 2, role: 'user', text: 'Hello?', status: 'done', createdAt: t0 },
    ]);
    await chat.openRoom(roomId);
    fake.app.RetryReply = async () => ({ messageId: 2, replyId: 3 });
    await chat.retry();
    expect(chat.messages.value.map((m) => [m.id, m.text, m.status])).toEqual([[1, 'Hi', 'done'], [2, 'Hello?', 'done'], [3, '', 'streaming']]);
  });

  it('puts the old reply back when regenerating is refused', async () => {
    fake.state.messages.set(roomId, [{ id: 1, role: 'assistant', text: 'Hi', status: 'done', createdAt: t0 }]);
    await chat.openRoom(roomId);
    fake.app.RegenerateReply = async () => Promise.reject({ code: 'room.busy' });
    await chat.regenerate();
    expect(chat.messages.value[0]).toMatchObject({ text: 'Hi', status: 'done' });
    expect(chat.actionError.value.error.code).toBe('room.busy');
  });
});
