// The opt-in update check: what the last check of this start found, for the About box. Go makes
// the request, and only when asked: Check now, or after log-in when the learner turned checking
// on (once per start; Go decides, so nothing here can make Parley ask on its own). Nothing is
// downloaded: a newer release is a link, opened in the browser through OpenExternal.
import { signal } from '@preact/signals';
import * as api from './api.js';

/**
 * updateCheck: {state: 'idle'|'checking'|'done'|'error', result?, error?}; result is Go's
 * {current, latest, url, newer, dev, checked}, error an AppError.
 */
export const updateCheck = signal({ state: 'idle' });

let running = null;

/** checkNow asks Go for the newest release because the learner clicked Check now. */
export async function checkNow() {
  running?.cancel();
  const c = api.cancellable((id) => api.checkForUpdates(id));
  running = c;
  updateCheck.value = { state: 'checking' };
  try {
    const result = await c.promise;
    if (running === c) updateCheck.value = { state: 'done', result };
  } catch (e) {
    if (running !== c) return;
    const error = api.normaliseError(e);
    updateCheck.value = api.isCanceled(error) ? { state: 'idle' } : { state: 'error', error };
  } finally {
    if (running === c) running = null;
  }
}

/**
 * checkAtStart runs after log-in. Go checks only when the setting is on and this start has not
 * checked; then the result shows in the About box, and announce(result) is called when a newer
 * release is out. A failure at start stays quiet: the learner did not just ask.
 */
export async function checkAtStart(announce = () => {}) {
  let result;
  try {
    result = await api.checkForUpdatesAtStart(api.newCallId());
  } catch {
    return null;
  }
  if (!result?.checked) return null;
  if (updateCheck.value.state !== 'checking') updateCheck.value = { state: 'done', result };
  if (result.newer) announce(result);
  return result;
}

/** cancelUpdateCheck stops a check under way (leaving the page that shows it). */
export function cancelUpdateCheck() {
  running?.cancel();
}
