// The bounded window of the open room: scrolling up prepends pages of PAGE messages, and beyond
// MAX_RENDERED the newest ones are dropped (hasNewer; "jump to latest" reloads them); back at the
// bottom the window is trimmed to KEEP_AT_BOTTOM. However long the room, the DOM holds at most
// MAX_RENDERED messages.
import { batch } from '@preact/signals';
import * as api from '../api.js';
import { roomId, messages, hasMore, hasNewer, loadingOlder, actionError, currentVisit, lastStreaming } from './state.js';
import { asking, fromAnswer } from '../streaming.js';

export const PAGE = 30;
export const MAX_RENDERED = 150;
export const KEEP_AT_BOTTOM = 60;

// The newest page of a room asked for as soon as the learner picks it (see prefetchNewest).
let prefetched = null;

/**
 * prefetchNewest asks Go for a room's newest page at once, when the learner picks the room and
 * before the room view renders (10-15 ms for the whole new room), instead of after that render:
 * the answer is back that much sooner. Only the open that this navigation causes may use it: it
 * is dropped once the current task is over.
 */
export function prefetchNewest(id) {
  const p = { id, asked: asking(), page: api.listMessages(id, 0, PAGE) };
  p.page.catch(() => {}); // the open that takes it sees the failure; an unused one is no error
  prefetched = p;
  setTimeout(() => {
    if (prefetched === p) prefetched = null;
  }, 0);
}

function takePrefetched(id) {
  const p = prefetched;
  prefetched = null;
  return p?.id === id ? p : null;
}

/**
 * loadNewest fetches the newest page of the open room and shows it in place of the window;
 * false when the learner left the room meanwhile. A failure is thrown to the caller.
 */
export async function loadNewest(apply = () => {}) {
  const visit = currentVisit();
  const id = roomId.value;
  const early = takePrefetched(id);
  const asked = early ? early.asked : asking();
  const page = await (early ? early.page : api.listMessages(id, 0, PAGE));
  if (visit !== currentVisit()) return false;
  // The newest page shows whether a reply streams (a streaming message is always the newest).
  const live = lastStreaming(page?.messages ?? []);
  fromAnswer(asked, [[id, live ? live.id : null]]);
  batch(() => {
    messages.value = page?.messages ?? [];
    hasMore.value = Boolean(page?.hasMore);
    hasNewer.value = false;
    apply();
  });
  return true;
}

/**
 * loadAround shows the page around one message (a search result) in place of the window: older
 * pages load on scroll-up as usual, and newer ones are behind "show newer" (hasNewer). Returns
 * false when the learner left the room meanwhile; a failure is thrown to the caller.
 */
export async function loadAround(messageId, apply = () => {}) {
  const visit = currentVisit();
  const id = roomId.value;
  const page = await api.listMessagesAround(id, messageId, PAGE);
  if (visit !== currentVisit()) return false;
  batch(() => {
    messages.value = page?.messages ?? [];
    hasMore.value = Boolean(page?.hasMore);
    hasNewer.value = Boolean(page?.hasNewer);
    apply();
  });
  return true;
}

/** loadOlder prepends the page before the oldest shown message; returns how many were added. */
export async function loadOlder() {
  if (!hasMore.value || loadingOlder.value || !messages.value.length) return 0;
  const id = roomId.value;
  const visit = currentVisit();
  loadingOlder.value = true;
  try {
    const page = await api.listMessages(id, messages.value[0].id, PAGE);
    if (visit !== currentVisit()) return 0;
    const older = (page?.messages ?? []).filter((m) => m.id < messages.value[0].id);
    let list = [...older, ...messages.value];
    let newer = hasNewer.value;
    if (list.length > MAX_RENDERED) {
      list = list.slice(0, MAX_RENDERED);
      newer = true;
    }
    batch(() => {
      messages.value = list;
      hasMore.value = Boolean(page?.hasMore);
      hasNewer.value = newer;
    });
    return older.length;
  } catch (e) {
    if (visit === currentVisit()) actionError.value = { error: api.normaliseError(e), retry: null, action: 'older' };
    return 0;
  } finally {
    if (visit === currentVisit()) loadingOlder.value = false;
  }
}

/** trimToLatest keeps only the newest KEEP_AT_BOTTOM messages (called when at the bottom). */
export function trimToLatest() {
  if (hasNewer.value || messages.value.length <= KEEP_AT_BOTTOM) return;
  batch(() => {
    messages.value = messages.value.slice(-KEEP_AT_BOTTOM);
    hasMore.value = true;
  });
}

/** jumpToLatest reloads the newest page when newer messages were dropped from the window. */
export async function jumpToLatest() {
  if (!hasNewer.value) return;
  const visit = currentVisit();
  try {
    await loadNewest();
  } catch (e) {
    if (visit === currentVisit()) actionError.value = { error: api.normaliseError(e), retry: null, action: 'latest' };
  }
}
