// The room list renders only what changed: a new route, a reply streaming in one room and a room
// list refresh that brings one changed room must not re-render every room of a long list.
import { describe, it, expect, beforeEach, afterEach, vi } from 'vitest';

vi.mock('../../src/format.js', async (importOriginal) => {
  const real = await importOriginal();
  return { ...real, relativeTime: vi.fn(real.relativeTime) };
});

const { relativeTime } = await import('../../src/format.js');
const { App } = await import('../../src/views/App.js');
const { enter, navigate, leave, refreshRooms, keepUnchanged } = await import('../../src/store.js');
const { setStreaming } = await import('../../src/streaming.js');
const { closeRoom } = await import('../../src/chat/room.js');
const { setLanguage } = await import('../../src/i18n/index.js');
const { mount, waitFor, allByTestId, byTestId, settle, asMina } = await import('./helpers.js');

const base = { level: 'A2', myRole: 'me', aiRole: 'ai', goal: '', formality: '', presetId: '', language: 'en', situation: 'Café' };
const ROOMS = 40;

describe('a long room list', () => {
  let fake;
  let view;
  beforeEach(async () => {
    setLanguage('en');
    fake = asMina();
    view = mount(App);
    for (let i = 0; i < ROOMS; i++) await fake.app.CreateRoom({ ...base, title: `Room ${i}` });
    await enter(fake.state.session);
    // The list is windowed (RoomList.js): it states its length and renders the rows in view.
    await waitFor(() => byTestId(view.container, 'room-list')?.dataset.count === String(ROOMS));
    await settle();
  });
  afterEach(() => {
    view.unmount();
    closeRoom();
    leave();
  });

  const shownIds = () => allByTestId(view.container, 'room-item').map((li) => li.dataset.roomId);

  const renders = async (fn) => {
    relativeTime.mockClear();
    await fn();
    await settle();
    return relativeTime.mock.calls.length; // each room item formats its time once per render
  };

  it('re-renders no room for a route change and only the streaming room for a reply', async () => {
    expect(await renders(() => navigate({ name: 'settings' }))).toBe(0);
    expect(await renders(() => navigate({ name: 'account' }))).toBe(0);
    const id = shownIds()[2];
    expect(await renders(() => setStreaming(id, 7))).toBe(1);
    expect(await renders(() => setStreaming(id, null))).toBe(1);
  });

  it('re-renders only the room a refresh changed, and nothing when none did', async () => {
    expect(await renders(() => refreshRooms())).toBe(0);
    fake.state.rooms.find((r) => r.id === shownIds()[3]).title = 'Renamed';
    expect(await renders(() => refreshRooms())).toBe(1);
  });

  it('keeps the objects of unchanged rooms', () => {
    const old = [{ id: 'a', title: 'A', n: 1 }, { id: 'b', title: 'B', n: 2 }];
    const same = keepUnchanged(old, [{ id: 'a', title: 'A', n: 1 }, { id: 'b', title: 'B', n: 2 }]);
    expect(same).toBe(old);
    const next = keepUnchanged(old, [{ id: 'b', title: 'B', n: 3 }, { id: 'a', title: 'A', n: 1 }]);
    expect(next[1]).toBe(old[0]);
    expect(next[0]).not.toBe(old[1]);
  });
});
