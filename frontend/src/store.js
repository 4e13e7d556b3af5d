// App-wide state as signals: who is logged in, their settings, the room list, the current
// screen and the toasts. Views read these and call the actions below; only actions call api.js.
import { signal, computed } from '@preact/signals';
import { loadSeen } from './unread.js';
import { loadSceneCards, forgetTranslations } from './chat/scenecard.js';
import * as api from './api.js';
import { setLanguage, errorText, remembered, t } from './i18n/index.js';
import { applyTheme } from './theme.js';
import { asking, fromAnswer, forgetStreaming } from './streaming.js';
import { loadLimits } from './limits.js';
import { checkAtStart } from './update.js';

/** The logged-in user, or null. undefined while the first WhoAmI is pending. */
export const user = signal(undefined);
/** The bridge or WhoAmI failed at start-up (an AppError). */
export const startupError = signal(null);
export const settings = signal(null);

/** route: {name: 'home'|'chat'|'new'|'edit'|'settings'|'account'|'trash'|'usage', roomId?, focus?} (focus: a Settings field to focus) */
export const route = signal({ name: 'home' });
/** activeRoomId and routeName are the parts of the route the room list shows, so it re-renders
 * when they change, not on every other change of route. */
export const activeRoomId = computed(() => route.value.roomId ?? null);
export const routeName = computed(() => route.value.name);
/** authRoute: which screen a logged-out user sees. */
export const authRoute = signal('login');

/** rooms is the room list in Go's order (latest activity first); JS never re-sorts it. */
export const rooms = signal([]);
export const roomsState = signal('idle'); // idle | loading | ready | error
export const roomsError = signal(null);
export const sidebarOpen = signal(false); // narrow windows only
export const toasts = signal([]);

export const currentRoom = computed(() => {
  const r = route.value;
  return r.roomId ? rooms.value.find((x) => x.id === r.roomId) ?? null : null;
});

let toastSeq = 0;
/** toast shows a message for a while; action = {label, run, testid}. Returns its id. */
export function toast(text, { kind = 'info', action = null, ms = 4000, testid = 'toast' } = {}) {
  const id = ++toastSeq;
  toasts.value = [...toasts.value, { id, text, kind, action, testid }];
  if (ms > 0) setTimeout(() => dismissToast(id), ms);
  return id;
}
export function dismissToast(id) {
  toasts.value = toasts.value.filter((x) => x.id !== id);
}
/** toastError shows a failure; a call the learner cancelled (llm.canceled) is none, so it shows nothing. */
export function toastError(err) {
  if (api.isCanceled(err)) return 0;
  return toast(errorText(api.normaliseError(err)), { kind: 'error', ms: 8000, testid: 'error-toast' });
}

/** What must happen while the session still exists, just before log-out (cancel running calls). */
const leaving = new Set();
/** onLeaving registers fn (may be async) to run before log-out. */
export function onLeaving(fn) {
  leaving.add(fn);
}

// A call that finds the session gone (another window logged out) returns to the log-in screen.
api.onAuthLost(() => {
  if (user.value) {
    leave();
    toast(errorText({ code: 'auth.required' }), { kind: 'error', testid: 'error-toast' });
  }
});

export function navigate(next) {
  route.value = next;
  sidebarOpen.value = false;
}

/** applyPreferences makes the UI follow the user's saved language and theme. */
export function applyPreferences(s) {
  setLanguage(s?.uiLanguage ?? '');
  applyTheme(s?.theme || 'system');
}

/** start asks Go who is logged in (a second window of the same session stays logged in). */
export async function start() {
  try {
    await api.waitForBridge();
    loadLimits(); // once per page; the views that need it wait for it themselves
    const s = await api.whoAmI();
    if (s?.loggedIn && s.user) await enter(s.user);
    else user.value = null;
  } catch (e) {
    startupError.value = api.normaliseError(e);
    user.value = null;
  }
}

/**
 * enter is called after log-in, sign-up or recovery: load what the shell needs. A new account
 * keeps the language picked on the sign-up screen instead of falling back to the OS's.
 */
export async function enter(u, { isNew = false } = {}) {
  loadSeen(u?.id ?? '');
  loadSceneCards(u?.id ?? '');
  route.value = { name: 'home' };
  const listed = refreshRooms();
  // The shell shows once the learner's language and theme are applied: before, its first frames
  // were in the OS's language and theme, and what read them then read the wrong ones.
  await loadSettings({ adoptLanguage: isNew ? remembered() : '' });
  user.value = u;
  await listed;
  // After log-in, never before; Go asks only when the learner turned checking on, once per start.
  checkAtStart(announceUpdate);
}

/** announceUpdate tells of a newer release found by the check at start, with its page as a link. */
function announceUpdate(r) {
  toast(t('update.newer', { latest: r.latest, current: r.current }), {
    ms: 15000, testid: 'update-toast',
    action: { label: t('update.open', { latest: r.latest }), testid: 'update-toast-open', run: () => api.openExternal(r.url).catch(toastError) },
  });
}

export async function loadSettings({ adoptLanguage = '' } = {}) {
  try {
    let s = await api.getSettings();
    if (adoptLanguage && !s.uiLanguage) {
      s = await api.saveSettings({ ...s, apiKey: '', clearKey: false, uiLanguage: adoptLanguage });
    }
    settings.value = s;
    applyPreferences(s);
  } catch (e) {
    toastError(api.normaliseError(e));
  }
}

/** leave forgets everything of the user who just logged out or deleted the account. */
export function leave() {
  user.value = null;
  loadSeen('');
  loadSceneCards('');
  forgetTranslations();
  settings.value = null;
  refreshes++; // a list asked for before leaving is not the next user's
  rooms.value = [];
  roomsState.value = 'idle';
  forgetStreaming();
  route.value = { name: 'home' };
  authRoute.value = 'login';
  sidebarOpen.value = false;
  toasts.value = [];
}

export async function logOut() {
  await Promise.all([...leaving].map((fn) => fn()));
  try {
    await api.logOut();
  } catch (e) {
    toastError(e);
    return;
  }
  leave();
}

// A list Go read before a newer refresh, or before a change made here (a room created, edited,
// trashed, a line sent), is older than the list shown: it must not put a trashed room back.
let refreshes = 0;
let changes = 0;
const changed = () => changes++;

export async function refreshRooms() {
  if (roomsState.value !== 'ready') roomsState.value = 'loading';
  const n = ++refreshes;
  const c = changes;
  try {
    const asked = asking();
    const list = await api.listRooms();
    if (n !== refreshes) return; // a newer refresh answers
    if (c !== changes) return refreshRooms(); // Go may have read it before the change: ask again
    // Whether a room streams lives in streaming.js alone; the summaries' flag goes there.
    fromAnswer(asked, (list ?? []).map((r) => [r.id, r.streaming ? 0 : null]));
    const next = keepUnchanged(rooms.value, (list ?? []).map(withoutStreaming));
    rooms.value = next; // the same array when nothing changed: the signal then notifies no one
    roomsState.value = 'ready';
    roomsError.value = null;
  } catch (e) {
    if (n !== refreshes) return;
    roomsError.value = api.normaliseError(e);
    roomsState.value = 'error';
  }
}

let refreshTimer = 0;
/** refreshRoomsSoon coalesces the refreshes that chat events trigger. */
export function refreshRoomsSoon(ms = 250) {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(refreshRooms, ms);
}

// Each room's searchable text, lower-cased once per room object rather than once per key press
// (keepUnchanged keeps a room's object while it does not change). Fields are joined by a line
// break, which a search box cannot hold, so a match never spans two fields.
const haystacks = new WeakMap();
const haystackOf = (r) => {
  let h = haystacks.get(r);
  if (h === undefined) {
    h = [r.title, r.situation, r.myRole, r.aiRole, r.preview].map((s) => String(s ?? '').toLocaleLowerCase()).join('\n');
    haystacks.set(r, h);
  }
  return h;
};

/** filterRooms applies the sidebar's search text and language filter. */
export function filterRooms(list, query, language) {
  const q = query.trim().toLocaleLowerCase();
  if (!q && !language) return list;
  return list.filter((r) => {
    if (language && r.language !== language) return false;
    return !q || haystackOf(r).includes(q);
  });
}

/**
 * keepUnchanged returns fresh with each room that did not change replaced by the object already
 * shown, so the list re-renders only the rooms that changed; when nothing did, it returns old
 * itself and nothing re-renders at all.
 */
export function keepUnchanged(old, fresh) {
  const byId = new Map(old.map((r) => [r.id, r]));
  let same = old.length === fresh.length;
  const out = fresh.map((r, i) => {
    const prev = byId.get(r.id);
    const keep = prev && sameFields(prev, r) ? prev : r;
    if (keep !== old[i]) same = false;
    return keep;
  });
  return same ? old : out;
}

function sameFields(a, b) {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => a[k] === b[k] || (typeof a[k] === 'object' && JSON.stringify(a[k]) === JSON.stringify(b[k])));
}

/** withoutStreaming drops a summary's streaming flag, which streaming.js has taken over. */
function withoutStreaming({ streaming, ...room }) {
  return room;
}

/**
 * upsertRoom puts a created or edited room into the list without waiting for a refresh, where Go
 * puts it too: a new room has the newest activity, so it goes on top; an edit is no activity, so
 * the room keeps its place.
 */
export function upsertRoom(room) {
  changed();
  const i = rooms.value.findIndex((r) => r.id === room.id);
  if (i < 0) {
    rooms.value = [withoutStreaming({ preview: '', previewRole: '', messageCount: 0, ...room }), ...rooms.value];
    return;
  }
  const next = rooms.value.slice();
  next[i] = withoutStreaming({ ...next[i], ...room });
  rooms.value = next;
}

/**
 * noteActivity shows new activity in a room at once (a line sent, a reply done): its preview
 * changes and it moves to the top, as Go's order will have it. The refresh that follows brings
 * Go's own figures, preview included (Go decides how much of it the list gets).
 */
export function noteActivity(roomId, patch) {
  const old = rooms.value.find((r) => r.id === roomId);
  if (!old) return;
  changed();
  rooms.value = [{ ...old, ...patch }, ...rooms.value.filter((r) => r.id !== roomId)];
}

/** trashRooms moves rooms to the trash and offers an undo that restores them. */
export async function trashRooms(ids, { undoLabel, doneText, undoneText }) {
  await api.deleteRooms(ids);
  changed();
  rooms.value = rooms.value.filter((r) => !ids.includes(r.id));
  if (route.value.roomId && ids.includes(route.value.roomId)) route.value = { name: 'home' };
  toast(doneText, {
    testid: 'undo-toast',
    ms: 10000,
    action: {
      label: undoLabel,
      testid: 'undo-button',
      run: async () => {
        try {
          await api.restoreRooms(ids);
          toast(undoneText);
        } catch (e) {
          toastError(e);
        }
        await refreshRooms();
      },
    },
  });
  refreshRoomsSoon();
}
