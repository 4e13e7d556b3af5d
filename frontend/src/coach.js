// The coach in the open room: its mode, its goals and its feedback on the learner's lines, kept
// as signals. Feedback arrives as coach:feedback events (checking, then ready or unavailable) and
// is loaded with the room, so it survives a reload.
import { signal } from '@preact/signals';
import * as api from './api.js';
import { roomId } from './chat/state.js';
import { onLeaving } from './store.js';

/** coachRoom is the room the signals below describe. */
export const coachRoom = signal(null);
/** mode is the open room's coach mode: on, request or off. */
export const mode = signal('on');
/** goals are the open room's can-do goals, [{text, met}]. */
export const goals = signal([]);
/** feedback maps a learner line's id to the coach's Feedback on it. */
export const feedback = signal(new Map());
/** debriefs are the open room's past debriefs, newest first. */
export const debriefs = signal([]);
/** debrief is the debrief on screen: null, or {state: 'loading'|'ready'|'error', debrief?, error?}. */
export const debrief = signal(null);
/** translations maps a message id to {state: 'loading'|'ready'|'error', text?, error?, open}. */
export const translations = signal(new Map());

let loads = 0;
let changedWhileLoading = { mode: false, goals: false };

/** loadCoaching reads the coach's view of a room; a failure leaves the coach quiet, never the chat. */
export async function loadCoaching(id) {
  // Only the newest load applies (a room opened twice answers twice), and a mode picked or goals
  // met while it loads are newer than what Go read: its answer must not put the old ones back.
  const n = ++loads;
  changedWhileLoading = { mode: false, goals: false };
  coachRoom.value = id;
  mode.value = 'on';
  goals.value = [];
  feedback.value = new Map();
  translations.value = new Map();
  debriefs.value = [];
  debrief.value = null;
  api.listDebriefs(id).then((list) => {
    if (n === loads) debriefs.value = list ?? [];
  }, () => {});
  try {
    const rc = await api.roomCoaching(id);
    if (n !== loads) return;
    if (!changedWhileLoading.mode) mode.value = rc.mode || 'on';
    if (!changedWhileLoading.goals) goals.value = rc.goals ?? [];
    const m = new Map();
    for (const f of rc.feedback ?? []) m.set(f.messageId, f);
    // Events that arrived while loading are newer than what was read.
    for (const [k, v] of feedback.value) m.set(k, v);
    feedback.value = m;
  } catch {
    // The room may be gone; the chat view says so.
  }
}

/** onFeedback takes a coach:feedback event (or a CheckLine answer) for the open room. */
export function onFeedback(f) {
  if (!f || f.roomId !== roomId.value) return;
  const m = new Map(feedback.value);
  m.set(f.messageId, f);
  feedback.value = m;
}

/** onGoals takes a coach:goals event. */
export function onGoals(p) {
  if (!p || p.roomId !== roomId.value) return;
  changedWhileLoading.goals = true;
  goals.value = p.goals ?? [];
}

/** setMode changes the open room's coach mode; it reverts if Go refuses. */
export async function setMode(next) {
  const id = roomId.value;
  const prev = mode.value;
  changedWhileLoading.mode = true;
  mode.value = next;
  try {
    await api.setCoachMode(id, next);
  } catch (e) {
    if (roomId.value === id) mode.value = prev;
    throw e;
  }
}

/** check asks the coach about one line now (Check, and Retry after "unavailable"). */
export async function check(messageId) {
  const id = roomId.value;
  onFeedback({ roomId: id, messageId, status: 'checking' });
  try {
    onFeedback(await api.checkLine(id, messageId));
  } catch (e) {
    onFeedback({ roomId: id, messageId, status: 'unavailable', errorCode: api.normaliseError(e).code });
  }
}

let listening = false;
/** listenCoach subscribes to the coach's events once for the app's lifetime. */
export function listenCoach() {
  if (listening) return;
  try {
    api.on(api.COACH_EVENTS.feedback, onFeedback);
    api.on(api.COACH_EVENTS.goals, onGoals);
    listening = true;
  } catch {
    // No event runtime yet: the next room opened tries again; loading still shows kept feedback.
  }
}

function setTranslation(id, value) {
  const m = new Map(translations.value);
  if (value) m.set(id, value);
  else m.delete(id);
  translations.value = m;
}

/**
 * translate shows a message in the UI language, or hides it when shown. Go keeps the translation
 * with the message, so showing it again costs nothing.
 */
export async function translate(messageId) {
  const id = roomId.value;
  const now = translations.value.get(messageId);
  if (now?.state === 'ready' || now?.state === 'error') {
    setTranslation(messageId, null);
    return;
  }
  if (now?.state === 'loading') return;
  setTranslation(messageId, { state: 'loading' });
  try {
    const tr = await api.cancellable((callId) => api.translateMessage(callId, id, messageId)).promise;
    if (roomId.value === id) setTranslation(messageId, { state: 'ready', text: tr.text, language: tr.language });
  } catch (e) {
    if (roomId.value === id) setTranslation(messageId, api.isCanceled(e) ? null : { state: 'error', error: api.normaliseError(e) });
  }
}

let pendingEnd = null;

/** endSession closes the open room's session and shows its debrief. */
export async function endSession() {
  const id = roomId.value;
  pendingEnd?.cancel();
  const c = api.cancellable((callId) => api.endSession(callId, id));
  pendingEnd = c;
  debrief.value = { state: 'loading' };
  try {
    const d = await c.promise;
    if (pendingEnd !== c || roomId.value !== id) return;
    debrief.value = { state: 'ready', debrief: d };
    debriefs.value = [d, ...debriefs.value];
    goals.value = goals.value.map((g) => ({ ...g, met: false }));
  } catch (e) {
    if (pendingEnd === c) debrief.value = api.isCanceled(e) ? null : { state: 'error', error: api.normaliseError(e) };
  } finally {
    if (pendingEnd === c) pendingEnd = null;
  }
}

/** cancelEndSession stops a debrief being written. */
export function cancelEndSession() {
  pendingEnd?.cancel();
  debrief.value = null;
}

// Log-out forgets the coach's view of the last room and ends a debrief being written, while the
// session that can cancel it still exists.
onLeaving(() => {
  cancelEndSession();
  coachRoom.value = null;
  feedback.value = new Map();
  translations.value = new Map();
  goals.value = [];
  debriefs.value = [];
});
