// Pinned rooms and the room list's order. Go keeps the pins (settings) and the list in latest-
// activity order; the learner may sort by name or language instead, and pinned rooms come first
// in every order.
import { signal } from '@preact/signals';
import * as api from './api.js';
import { lang } from './i18n/index.js';

/** pinned is the pinned room ids, most recently pinned first. */
export const pinned = signal([]);

export async function loadPins() {
  try {
    pinned.value = (await api.pinnedRooms()) ?? [];
  } catch {
    pinned.value = []; // the list still works without its pins
  }
}

/** setPinned pins or unpins a room; the list moves at once and follows Go's answer. */
export async function setPinned(id, pin) {
  const before = pinned.value;
  pinned.value = pin ? [id, ...before.filter((x) => x !== id)] : before.filter((x) => x !== id);
  try {
    pinned.value = (await api.pinRoom(id, pin)) ?? [];
  } catch (e) {
    pinned.value = before;
    throw e;
  }
}

export const SORTS = ['', 'name', 'language'];

// Making a collator costs more than sorting a short list with it (the first one loads the
// language's collation data): made when sorting by name, and once per UI language.
const collators = new Map();
const collatorFor = (l) => {
  if (!collators.has(l)) collators.set(l, new Intl.Collator(l, { sensitivity: 'base', numeric: true }));
  return collators.get(l);
};

/**
 * sortRooms orders the list: pinned rooms first (most recently pinned first), then the rest by
 * `by`: '' keeps Go's order (latest activity), 'name' by title in the UI language's collation,
 * 'language' by practice language, then Go's order.
 */
export function sortRooms(list, pins, by) {
  const pinIndex = new Map(pins.map((id, i) => [id, i]));
  const collator = by === 'name' ? collatorFor(lang.value) : null;
  const at = new Map(list.map((r, i) => [r.id, i]));
  const rest = (a, b) => {
    if (by === 'name') return collator.compare(a.title ?? '', b.title ?? '') || at.get(a.id) - at.get(b.id);
    if (by === 'language') return String(a.language).localeCompare(String(b.language)) || at.get(a.id) - at.get(b.id);
    return at.get(a.id) - at.get(b.id);
  };
  return list.slice().sort((a, b) => {
    const pa = pinIndex.has(a.id);
    const pb = pinIndex.has(b.id);
    if (pa && pb) return pinIndex.get(a.id) - pinIndex.get(b.id);
    if (pa !== pb) return pa ? -1 : 1;
    return rest(a, b);
  });
}
