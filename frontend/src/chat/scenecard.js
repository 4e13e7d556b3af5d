// The scenario card's state: open or compact per room (compact by default, remembered per account
// in localStorage as room ids only), and the scene translated into the learner's explanation
// language (Go translates once and caches; this keeps the answer for the page's life).
import { signal } from '@preact/signals';
import * as api from '../api.js';

export const openRooms = signal(new Set());
let storageKey = '';

/** loadSceneCards switches to the account's remembered cards ('' at log-out). */
export function loadSceneCards(userId) {
  storageKey = userId ? `parley.sceneOpen.${userId}` : '';
  let ids = [];
  try {
    ids = (storageKey && JSON.parse(localStorage.getItem(storageKey) || '[]')) || [];
  } catch {
    ids = [];
  }
  openRooms.value = new Set(Array.isArray(ids) ? ids.filter((x) => typeof x === 'string') : []);
}

export function setSceneOpen(roomId, open) {
  const next = new Set(openRooms.value);
  if (open) next.add(roomId);
  else next.delete(roomId);
  openRooms.value = next;
  if (!storageKey) return;
  try {
    localStorage.setItem(storageKey, JSON.stringify([...next]));
  } catch {
    // storage full or off: the card still opens, it is just not remembered
  }
}

/** translations: key "<roomId>/<lang>/<updatedAt>" → {state: 'loading'|'ready'|'error', value?, error?} */
export const translations = signal(new Map());

const keyOf = (room, language) => `${room.id}/${language}/${room.updatedAt ?? ''}`;

export function translationOf(room, language) {
  return translations.value.get(keyOf(room, language)) ?? null;
}

function put(key, v) {
  const next = new Map(translations.value);
  next.set(key, v);
  translations.value = next;
}

/** loadTranslation asks Go once per room, language and scene version; a failure can be retried. */
export async function loadTranslation(room, language, { retry = false } = {}) {
  const key = keyOf(room, language);
  const had = translations.value.get(key);
  if (had && (had.state !== 'error' || !retry)) return;
  put(key, { state: 'loading' });
  try {
    const value = await api.cancellable((id) => api.translateScene(id, room.id, language)).promise;
    put(key, { state: 'ready', value });
  } catch (e) {
    put(key, { state: 'error', error: api.normaliseError(e) });
  }
}

export function forgetTranslations() {
  translations.value = new Map();
}
