// The room list shows the newest that is known: a list Go read before a newer refresh, or before
// a room was trashed here, never puts the older list (or the trashed room) back.
import { describe, it, expect, beforeEach } from 'vitest';
import { installFakeBackend } from '../fake/bridge.js';
import { rooms, roomsState, refreshRooms, trashRooms } from '../../src/store.js';

const room = (id, title) => ({ id, title, language: 'en', level: 'A2', situation: '', myRole: '', aiRole: '', goal: '',
  formality: '', presetId: '', preview: '', previewRole: '', messageCount: 0, createdAt: '2026-03-01T00:00:00Z', updatedAt: '2026-03-01T00:00:00Z' });
const A = room('a', 'Coffee');
const B = room('b', 'Hotel');
const labels = { undoLabel: 'Undo', doneText: 'Deleted', undoneText: 'Restored' };

describe('refreshing the room list', () => {
  let fake;
  let pending;
  beforeEach(() => {
    fake = installFakeBackend(window);
    pending = [];
    // Each list is answered only when the test says so.
    fake.app.ListRooms = () => new Promise((resolve) => pending.push(resolve));
    fake.app.DeleteRooms = async () => {};
    rooms.value = [A, B];
    roomsState.value = 'ready';
  });

  it('keeps the newest refresh’s list when an older one answers after it', async () => {
    const older = refreshRooms();
    const newer = refreshRooms();
    await Promise.resolve();
    const [answerOlder, answerNewer] = pending.splice(0);
    answerNewer([A]);
    await newer;
    answerOlder([A, B]);
    await older;
    expect(rooms.value.map((r) => r.id)).toEqual(['a']);
  });

  it('does not bring back a room trashed while a list was on its way, and asks again', async () => {
    const refresh = refreshRooms();
    await Promise.resolve();
    await trashRooms(['b'], labels);
    expect(rooms.value.map((r) => r.id)).toEqual(['a']);
    pending.shift()([A, B]); // read before the delete
    await new Promise((r) => setTimeout(r, 0));
    expect(rooms.value.map((r) => r.id)).toEqual(['a']);
    expect(pending.length).toBe(1); // asked again, after the delete
    pending.shift()([A]);
    await refresh;
    await new Promise((r) => setTimeout(r, 0));
    expect(rooms.value.map((r) => r.id)).toEqual(['a']);
    expect(roomsState.value).toBe('ready');
  });
});
