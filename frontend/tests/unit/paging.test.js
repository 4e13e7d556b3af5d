import { describe, it, expect, beforeEach, vi } from 'vitest';
import * as actions from '../../src/chat/actions.js';
import * as live from '../../src/chat/live.js';
import * as paging from '../../src/chat/paging.js';
import { openRoom, closeRoom } from '../../src/chat/room.js';
import * as state from '../../src/chat/state.js';
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
    await openRoom(roomId);
    expect(state.messages.value).toHaveLength(paging.PAGE);
    expect(state.messages.value.at(-1).id).toBe(1000);
    expect(state.hasMore.value).toBe(true);
    expect(fake.calls.some(([m]) => m === 'OpenScene')).toBe(false);
  });

  it('asks for the newest page as soon as the room is picked, and opens it with that one answer', async () => {
    const { navigate } = await import('../../src/store.js');
    closeRoom();
    const asked = () => fake.calls.filter(([m]) => m === 'ListMessages').length;
    const before = asked();
    navigate({ name: 'chat', roomId });
    expect(asked()).toBe(before + 1); // already on its way, before any render
    await openRoom(roomId);
    expect(asked()).toBe(before + 1);
    expect(state.messages.value.at(-1).id).toBe(1000);
    // A later open of the same room (Retry) asks again: the early answer was for that one open.
    await openRoom(roomId);
    expect(asked()).toBe(before + 2);
  });

  it('loads older pages on demand but never keeps more than MAX_RENDERED', async () => {
    await openRoom(roomId);
    for (let i = 0; i < 10; i++) await paging.loadOlder();
    expect(state.messages.value.length).toBeLessThanOrEqual(paging.MAX_RENDERED);
    expect(state.hasNewer.value).toBe(true);
    const ids = state.messages.value.map((m) => m.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(ids[0]).toBe(1000 - 11 * paging.PAGE + 1);
    await paging.jumpToLatest();
    expect(state.hasNewer.value).toBe(false);
    expect(state.messages.value.at(-1).id).toBe(1000);
    expect(state.messages.value).toHaveLength(paging.PAGE);
  });

  it('trims back to the newest messages when the learner returns to the bottom', async () => {
    await openRoom(roomId);
    for (let i = 0; i < 3; i++) await paging.loadOlder();
    expect(state.messages.value).toHaveLength(4 * paging.PAGE);
    paging.trimToLatest();
    expect(state.messages.value).toHaveLength(paging.KEEP_AT_BOTTOM);
    expect(state.messages.value.at(-1).id).toBe(1000);
    expect(state.hasMore.value).toBe(true);
  });

  it('stays busy with Stop while its reply streams, even after scrolling up let the reply leave the window', async () => {
    const { isStreaming } = await import('../../src/streaming.js');
    await openRoom(roomId);
    live.onDelta({ roomId, replyId: 1001, delta: 'Hel' });
    live.flushDeltas();
    expect(state.streamingReply.value?.id).toBe(1001);
    for (let i = 0; i < 10; i++) await paging.loadOlder();
    expect(state.hasNewer.value).toBe(true);
    expect(state.messages.value.some((m) => m.id === 1001)).toBe(false);
    // The room list's marker, the busy state and Stop all read the same fact.
    expect(isStreaming(roomId)).toBe(true);
    expect(state.busy.value).toBe(true);
    expect(state.streamingReply.value?.id).toBe(1001);
    fake.app.StopReply = vi.fn(async () => {});
    await actions.stop();
    expect(fake.app.StopReply).toHaveBeenCalledWith(roomId);
    live.onError({ roomId, replyId: 1001, code: 'llm.canceled' });
    expect(state.busy.value).toBe(false);
    expect(isStreaming(roomId)).toBe(false);
  });

  it('asks the AI to open the scene in an empty room', async () => {
    fake.state.messages.set(roomId, []);
    fake.state.settings.hasKey = true;
    await openRoom(roomId);
    expect(fake.calls.filter(([m]) => m === 'OpenScene')).toHaveLength(1);
    expect(state.messages.value[0]).toMatchObject({ role: 'assistant', status: 'streaming' });
  });

  it('drops answers that arrive for a room the learner already left', async () => {
    const other = await fake.app.CreateRoom({ language: 'ko', level: 'B1', situation: 's', myRole: 'a', aiRole: 'b' });
    fake.state.messages.set(other.id, [{ id: 5000, role: 'assistant', text: 'other', status: 'done', createdAt: '2026-01-01T00:00:00Z' }]);
    const first = openRoom(roomId);
    await openRoom(other.id);
    await first;
    expect(state.roomId.value).toBe(other.id);
    expect(state.messages.value.map((m) => m.id)).toEqual([5000]);
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
    await waitFor(() => allByTestId(root, 'message').length === paging.PAGE, { message: 'the first page' });
    const list = byTestId(root, 'messages');
    // jsdom has no layout: give the list a viewport so "scrolled to the top" is not also "at the bottom".
    Object.defineProperty(list, 'clientHeight', { value: 500 });
    Object.defineProperty(list, 'scrollHeight', { get: () => 80 * list.querySelectorAll('[data-testid=message]').length });
    for (let i = 0; i < 8; i++) {
      const before = fake.calls.filter(([m]) => m === 'ListMessages').length;
      list.scrollTop = 0;
      list.dispatchEvent(new Event('scroll'));
      await waitFor(() => fake.calls.filter(([m]) => m === 'ListMessages').length === before + 1 && !state.loadingOlder.value, { message: `older page ${i}` });
    }
    const calls = fake.calls.filter(([m]) => m === 'ListMessages');
    expect(calls[1][1]).toEqual([room.id, 1000 - paging.PAGE + 1, paging.PAGE]);
    await waitFor(() => allByTestId(root, 'message').length === paging.MAX_RENDERED);
    expect(byTestId(root, 'jump-latest')).not.toBeNull();
    view.unmount();
    closeRoom();
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
    await openRoom(roomId);
    live.applyDeltas(new Map([[1, ' more']]));
    expect(state.messages.value[0]).toMatchObject({ text: 'Done.', status: 'done' });
  });

  it('does not mark the room streaming when the reply finished before SendMessage returned', async () => {
    const { isStreaming } = await import('../../src/streaming.js');
    fake.state.messages.set(roomId, [{ id: 1, role: 'assistant', text: 'Hi', status: 'done', createdAt: t0 }]);
    await openRoom(roomId);
    fake.app.SendMessage = async () => {
      live.onDone({ roomId, reply: { id: 3, role: 'assistant', text: 'Fast!', status: 'done', createdAt: t0 } });
      return { messageId: 2, replyId: 3 };
    };
    expect(await actions.send('Hello')).toBe(true);
    expect(state.messages.value.map((m) => [m.id, m.status])).toEqual([[1, 'done'], [2, 'done'], [3, 'done']]);
    expect(isStreaming(roomId)).toBe(false);
    expect(state.busy.value).toBe(false);
  });

  it('answers a learner line left without a reply without touching the reply before it', async () => {
    fake.state.messages.set(roomId, [
      { id: 1, role: 'assistant', text: 'Hi', status: 'done', createdAt: t0 },
      { id: 2, role: 'user', text: 'Hello?', status: 'done', createdAt: t0 },
    ]);
    await openRoom(roomId);
    fake.app.RetryReply = async () => ({ messageId: 2, replyId: 3 });
    await actions.retry();
    expect(state.messages.value.map((m) => [m.id, m.text, m.status])).toEqual([[1, 'Hi', 'done'], [2, 'Hello?', 'done'], [3, '', 'streaming']]);
  });

  it('puts the old reply back when regenerating is refused', async () => {
    fake.state.messages.set(roomId, [{ id: 1, role: 'assistant', text: 'Hi', status: 'done', createdAt: t0 }]);
    await openRoom(roomId);
    fake.app.RegenerateReply = async () => Promise.reject({ code: 'room.busy' });
    await actions.regenerate();
    expect(state.messages.value[0]).toMatchObject({ text: 'Hi', status: 'done' });
    expect(state.actionError.value.error.code).toBe('room.busy');
  });
});
