// The phrasebook's shared state: how many phrases are due (the sidebar shows it) and the
// one way every feature saves a phrase (tap-a-word, corrections, hints, the debrief).
import { signal } from '@preact/signals';
import * as api from './api.js';
import { t } from './i18n/index.js';
import { toast, toastError } from './store.js';

/** dueCount is how many phrases are due for review now (null before the first look). */
export const dueCount = signal(null);

let asked = 0;
/** refreshDue asks Go for the count; only the newest question's answer is shown (saves and ratings ask often). */
export async function refreshDue() {
  const n = ++asked;
  try {
    const { count } = await api.duePhrases(1);
    if (n === asked) dueCount.value = count;
  } catch {
    // logged out or the file is busy: keep the last count
  }
}

// A review falls due with time, not only when something is saved: look again now and then.
let timer = null;
export function watchDue() {
  refreshDue();
  clearInterval(timer);
  timer = setInterval(refreshDue, 60000);
}

/** savePhrase saves (or updates the twin of) a phrase and says so; resolves with it or null. */
export async function savePhrase(input) {
  try {
    const p = await api.savePhrase(input);
    toast(t('phrases.saved', { text: p.text }), { testid: 'phrase-saved' });
    refreshDue();
    return p;
  } catch (e) {
    toastError(e);
    return null;
  }
}
