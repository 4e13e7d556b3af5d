// Which rooms have news the learner has not looked at: a reply that finished
// while another room was open. Kept per account in localStorage as room ids
// and times only (nothing the learner wrote), so it survives a restart.
import { signal } from '@preact/signals';

export const seen = signal({});
let storageKey = '';

function save() {
  if (!storageKey) return;
  try {
    localStorage.setItem(storageKey, JSON.stringify(seen.value));
  } catch {
    // A full or disabled storage only loses the markers, never the rooms.
  }
}

/** loadSeen switches to the account's markers (userId '' clears them, at log-out). */
export function loadSeen(userId) {
  storageKey = userId ? `parley.seen.${userId}` : '';
  let stored = {};
  try {
    stored = (storageKey && JSON.parse(localStorage.getItem(storageKey) || '{}')) || {};
  } catch {
    stored = {};
  }
  seen.value = typeof stored === 'object' && !Array.isArray(stored) ? stored : {};
}

/**
 * noteRooms records what the learner has seen: the open room's latest
 * activity, and a baseline for rooms met for the first time (so a first
 * start does not mark every room unread). Rooms gone from the list are dropped.
 */
export function noteRooms(list, openRoomId) {
  const next = {};
  let changed = false;
  for (const r of list) {
    const prev = seen.value[r.id];
    const at = r.id === openRoomId || prev === undefined ? r.lastActivityAt : prev;
    next[r.id] = at;
    if (at !== prev) changed = true;
  }
  if (changed || Object.keys(seen.value).length !== list.length) {
    seen.value = next;
    save();
  }
}

/** isUnread tells whether a room has activity newer than the learner saw. */
export function isUnread(room, openRoomId) {
  if (room.id === openRoomId) return false;
  const at = seen.value[room.id];
  if (at === undefined) return false;
  return (Date.parse(room.lastActivityAt) || 0) > (Date.parse(at) || 0);
}
