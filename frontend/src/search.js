// Search across every message (Ctrl/Cmd+Shift+F): the dialog's state and the calls behind it.
// Go keeps the index in memory for the logged-in learner and builds it right after log-in; opening
// the dialog still asks for it with an empty query, so that if it was dropped (after many edits) it
// is rebuilt while the learner types the first word.
import { signal } from '@preact/signals';
import * as api from './api.js';
import { navigate } from './store.js';

export const searchOpen = signal(false);
export const searchQuery = signal('');
export const searchLanguage = signal('');
/** searchState: idle | searching | ready | error */
export const searchState = signal('idle');
/** searchResult is Go's answer with the query and language it answers. */
export const searchResult = signal(null);
export const searchError = signal(null);

let asked = 0;
/** SHOWN is how many of the newest hits the dialog lists (the count says how many matched). */
const SHOWN = 50;

/** openSearch shows the dialog and warms Go's index. */
export function openSearch() {
  searchOpen.value = true;
  api.searchMessages({ query: '' }).catch(() => {});
}

export function closeSearch() {
  searchOpen.value = false;
}

/** runSearch asks Go; only the newest question's answer is shown. */
export async function runSearch() {
  const query = searchQuery.value.trim();
  const n = ++asked;
  if (!query) {
    searchResult.value = null;
    searchState.value = 'idle';
    return;
  }
  const language = searchLanguage.value;
  searchState.value = 'searching';
  try {
    const res = await api.searchMessages({ query, language, limit: SHOWN });
    if (n !== asked) return;
    searchResult.value = { ...res, query, language };
    searchError.value = null;
    searchState.value = 'ready';
  } catch (e) {
    if (n !== asked) return;
    searchError.value = api.normaliseError(e);
    searchState.value = 'error';
  }
}

let timer = 0;
/** searchSoon runs the search once typing pauses. */
export function searchSoon(ms = 120) {
  clearTimeout(timer);
  timer = setTimeout(runSearch, ms);
}

/** openHit opens a result's room at that message. */
export function openHit(roomId, messageId) {
  closeSearch();
  navigate({ name: 'chat', roomId, at: messageId });
}

/** forgetSearch clears what the last learner searched for (log-out). */
export function forgetSearch() {
  clearTimeout(timer);
  asked++;
  searchOpen.value = false;
  searchQuery.value = '';
  searchLanguage.value = '';
  searchResult.value = null;
  searchState.value = 'idle';
}
