// What Go accepts for a room and a learner's line: the levels, practice languages and formalities
// to offer, and the maximum lengths. Go owns them (Limits()); the page asks once, after the bridge
// is ready, and keeps the answer. Nothing here is a copy of Go's numbers: until the answer comes
// (or when it cannot), the views fall back to what needs no limit, and Go still checks every input.
import { signal } from '@preact/signals';
import * as api from './api.js';
import { t, has } from './i18n/index.js';

/** limits is Go's answer: {levels, languages, formalities, maxTitle, maxSituation, maxRole, maxGoal, maxMessage, previewLen}, or null. */
export const limits = signal(null);
/** limitsError is why the last attempt failed (an AppError), or null. */
export const limitsError = signal(null);

let pending = null;

/** loadLimits asks Go once; later calls share that answer. A failure can be retried by calling again. */
export function loadLimits() {
  if (limits.value) return Promise.resolve(limits.value);
  if (!pending) {
    pending = api.limits().then(
      (l) => {
        limits.value = l;
        limitsError.value = null;
        return l;
      },
      (e) => {
        limitsError.value = api.normaliseError(e);
        pending = null;
        return null;
      },
    );
  }
  return pending;
}

/** forgetLimits drops the cached answer (tests start from a page that never asked). */
export function forgetLimits() {
  limits.value = null;
  limitsError.value = null;
  pending = null;
}

/** levelName is a CEFR level's name in the UI language ("Beginner"), or "" for a level we have no name for. */
export function levelName(level) {
  return has(`level.${level}`) ? t(`level.${level}`) : '';
}

/** formalityName names a formality Go offers, in the words of the practice language's register. */
export function formalityName(formality, language) {
  if (!formality) return t('formality.auto');
  const key = `formality.${formality}.${language}`;
  return has(key) ? t(key) : formality;
}
