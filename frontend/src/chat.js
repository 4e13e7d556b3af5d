// The open room's conversation: a window of messages kept in memory (and so in the DOM), the
// streaming reply fed by chat:* events, and the actions of the chat view. The window is bounded:
// scrolling up prepends pages of PAGE messages, and beyond MAX_RENDERED the newest ones are
// dropped (hasNewer, "jump to latest" reloads them); back at the bottom the window is trimmed to
// KEEP_AT_BOTTOM. However long the room, the DOM holds at most MAX_RENDERED messages.
import { signal, computed, batch } from '@preact/signals';
import * as api from './api.js';
import { createDeltaBatcher } from './stream.js';
import { setStreaming, refreshRoomsSoon } from './store.js';
import { t } from './i18n/index.js';

export const PAGE = 30;
export const MAX_RENDERED = 150;
export const KEEP_AT_BOTTOM = 60;

export const roomId = signal(null);
export const messages = signal([]);
export const hasMore = signal(false);
export const hasNewer = signal(false);
export const loadState = signal('idle'); // idle | loading | ready | error
export const loadError = signal(null);
export const loadingOlder = signal(false);
/** actionError: {error: AppError, retry: 'scene'|'reply'|null} from the last failed action. */
export const actionError = signal(null);
export const sending = signal(false);
export const hint = signal(null); // {state: 'loading'|'ready'|'error', text?, error?}
/** usage is the room's token count and estimated cost (RoomUsage), or null when unknown. */
export const usage = signal(null);
/** announcement is read by the aria-live region when a reply completes. */
export const announcement = signal('');
const drafts = new Map();
export const draft = signal('');
/** followLatest bumps when the learner sends, so the list scrolls to the bottom even if they had scrolled up. */
export const followLatest = signal(0);
/** editing is the id of the learner's last line while it is being rewritten, else null. */
export const editing = signal(null);

export const streamingReply = computed(() => messages.value.find((m) => m.status === 'streaming') ?? null);
export const busy = computed(() => sending.value || streamingReply.value !== null);

let generation = 0; // bumps on every room switch so late answers for another room are dropped

// Deltas are applied once per animation frame. Tests swap the scheduler to step frames by hand
// without also holding back Preact's own effects, which are scheduled with rAF too.
let schedule = (cb) => requestAnimationFrame(cb);
let unschedule = (id) => cancelAnimationFrame(id);
const batcher = createDeltaBatcher(applyDeltas, (cb) => schedule(cb), (id) => unschedule(id));

/** setFrameScheduler replaces requestAnimationFrame for delta batching (tests). */
export function setFrameScheduler(raf, caf = () => {}) {
  schedule = raf;
  unschedule = caf;
}

function byId(a, b) {
  return a.id - b.id;
}

/** upsert replaces a message by id or inserts it in id order. */
export function upsert(list, msg) {
  const i = list.findIndex((m) => m.id === msg.id);
  if (i >= 0) {
    const next = list.slice();
    next[i] = msg;
    return next;
  }
  return [...list, msg].sort(byId);
}

function placeholder(id, text = '') {
  return { id, role: 'assistant', text, status: 'streaming', createdAt: new Date().toISOString() };
}

/** applyDeltas appends one frame's worth of text to each streaming reply of the open room. */
export function applyDeltas(batchMap) {
  let list = messages.value;
  for (const [id, text] of batchMap) {
    const i = list.findIndex((m) => m.id === id);
    if (i >= 0) {
      // A reply that already ended keeps its final text; a stray late delta must not reopen it.
      if (list[i].status !== 'streaming') continue;
      list = list.slice();
      list[i] = { ...list[i], text: list[i].text + text };
    } else if (!hasNewer.value) {
      list = upsert(list, placeholder(id, text));
    }
  }
  messages.value = list;
}

/**
 * ensurePlaceholder shows the reply Go just started, unless its events got here first; the room
 * is marked streaming only while that reply still is (a fast reply may be done already).
 */
function ensurePlaceholder(replyId) {
  if (!replyId) return;
  const known = messages.value.find((m) => m.id === replyId);
  if (!known && !hasNewer.value) messages.value = upsert(messages.value, placeholder(replyId));
  if (!known || known.status === 'streaming') setStreaming(roomId.value, true);
}

/** onDelta handles chat:delta {roomId, replyId, delta}. */
export function onDelta(p) {
  if (!p) return;
  if (p.roomId === roomId.value) {
    // The dev bridge can deliver a reply's last delta after its chat:done; a
    // reply already ended must not light the streaming marker again.
    const known = messages.value.find((m) => m.id === p.replyId);
    if (known && known.status !== 'streaming') return;
    batcher.push(p.replyId, p.delta);
  }
  setStreaming(p.roomId, true);
}

/** onDone handles chat:done {roomId, reply}. */
export function onDone(p) {
  if (!p) return;
  setStreaming(p.roomId, false);
  refreshRoomsSoon();
  if (p.roomId !== roomId.value || !p.reply) return;
  batcher.take(p.reply.id);
  if (!hasNewer.value || messages.value.some((m) => m.id === p.reply.id)) {
    messages.value = upsert(messages.value, p.reply);
  }
  announcement.value = t('chat.announceReply', { text: String(p.reply.text ?? '').slice(0, 280) });
  refreshUsage();
}

/** refreshUsage reloads the open room's token use; a failure only hides the figure. */
export async function refreshUsage() {
  const id = roomId.value;
  if (!id) return;
  try {
    const u = await api.roomUsage(id);
    if (id === roomId.value) usage.value = u;
  } catch {
    if (id === roomId.value) usage.value = null;
  }
}

/** onError handles chat:error {roomId, replyId, code, message, reply}. */
export function onError(p) {
  if (!p) return;
  setStreaming(p.roomId, false);
  refreshRoomsSoon();
  if (p.roomId !== roomId.value) return;
  const id = p.reply?.id ?? p.replyId;
  const queued = batcher.take(id);
  const old = messages.value.find((m) => m.id === id);
  const reply = p.reply
    ? { ...p.reply, errorCode: p.reply.errorCode || p.code }
    : { ...(old ?? placeholder(id)), text: (old?.text ?? '') + queued, status: p.code === 'llm.canceled' ? 'stopped' : 'error', errorCode: p.code };
  if (!hasNewer.value || old) messages.value = upsert(messages.value, reply);
  if (reply.status === 'error') announcement.value = t('chat.announceError');
}

let unsubscribers = [];
/** listen subscribes to the chat events once for the app's lifetime. */
export function listen() {
  if (unsubscribers.length) return;
  unsubscribers = [api.on(api.EVENTS.delta, onDelta), api.on(api.EVENTS.done, onDone), api.on(api.EVENTS.error, onError)];
}
export function unlisten() {
  unsubscribers.forEach((u) => u());
  unsubscribers = [];
}

/** openRoom shows a room: its newest page, or the AI's opening line when it is empty. */
export async function openRoom(id) {
  if (roomId.value) drafts.set(roomId.value, draft.value);
  const gen = ++generation;
  batcher.cancel();
  batch(() => {
    roomId.value = id;
    messages.value = [];
    hasMore.value = false;
    hasNewer.value = false;
    loadState.value = 'loading';
    loadError.value = null;
    actionError.value = null;
    hint.value = null;
    usage.value = null;
    sending.value = false;
    editing.value = null;
    draft.value = drafts.get(id) ?? '';
  });
  try {
    const page = await api.listMessages(id, 0, PAGE);
    if (gen !== generation) return;
    batch(() => {
      messages.value = page?.messages ?? [];
      hasMore.value = Boolean(page?.hasMore);
      loadState.value = 'ready';
    });
    refreshUsage();
    if (messages.value.length === 0 && !hasMore.value) await openScene();
  } catch (e) {
    if (gen !== generation) return;
    loadError.value = api.normaliseError(e);
    loadState.value = 'error';
  }
}

/** closeRoom forgets the open room (on log-out or when the room is deleted). */
export function closeRoom() {
  generation++;
  batcher.cancel();
  roomId.value = null;
  messages.value = [];
  loadState.value = 'idle';
}

async function run(action, retryKind, fn) {
  const id = roomId.value;
  const gen = generation;
  actionError.value = null;
  sending.value = true;
  try {
    const res = await fn(id);
    // The learner moved to another room meanwhile: this answer is not for the open room.
    return gen === generation ? res : undefined;
  } catch (e) {
    if (gen === generation) actionError.value = { error: api.normaliseError(e), retry: retryKind, action };
    return undefined;
  } finally {
    if (gen === generation) sending.value = false;
  }
}

export async function openScene() {
  const res = await run('scene', 'scene', (id) => api.openScene(id));
  if (res) ensurePlaceholder(res.replyId);
  return res;
}

/** startEdit puts the learner's last line back into the composer to rewrite it. */
export function startEdit(msg) {
  editing.value = msg.id;
  draft.value = msg.text;
}

export function cancelEdit() {
  editing.value = null;
  draft.value = '';
}

/** resend replaces the learner's last line; Go drops the reply to it and asks again. */
async function resend(body) {
  const lineId = editing.value;
  const res = await run('edit', null, (id) => api.editLastMessage(id, body));
  if (!res) return false;
  const userId = res.messageId || lineId;
  batch(() => {
    messages.value = messages.value
      .filter((m) => m.id <= userId)
      .map((m) => (m.id === userId ? { ...m, text: body } : m));
    editing.value = null;
  });
  ensurePlaceholder(res.replyId);
  refreshRoomsSoon();
  followLatest.value++;
  return true;
}

/** send posts the learner's text; resolves true when Go accepted it (the composer then clears). */
export async function send(text) {
  const body = String(text ?? '').trim();
  if (!body || busy.value || !roomId.value) return false;
  hint.value = null;
  if (editing.value !== null) return resend(body);
  const res = await run('send', null, (id) => api.sendMessage(id, body));
  if (!res) return false;
  if (hasNewer.value) await jumpToLatest();
  followLatest.value++;
  if (res.messageId) {
    messages.value = upsert(messages.value, { id: res.messageId, role: 'user', text: body, status: 'done', createdAt: new Date().toISOString() });
  }
  ensurePlaceholder(res.replyId);
  refreshRoomsSoon();
  return true;
}

export async function stop() {
  if (!roomId.value || !streamingReply.value) return;
  try {
    await api.stopReply(roomId.value);
  } catch (e) {
    actionError.value = { error: api.normaliseError(e), retry: null, action: 'stop' };
  }
}

/** lastReply is the newest message when it is a reply; a learner's line left unanswered has none. */
function lastReply() {
  const last = messages.value[messages.value.length - 1];
  return last?.role === 'assistant' ? last : null;
}

/** reask restarts the last reply (retry or regenerate): it streams again in place. */
async function reask(kind, call) {
  const old = lastReply();
  if (old) messages.value = upsert(messages.value, { ...old, text: '', status: 'streaming', errorCode: '' });
  const res = await run(kind, kind === 'retry' ? 'reply' : null, call);
  if (!res) {
    if (old) messages.value = upsert(messages.value, old);
    return;
  }
  if (old && res.replyId && res.replyId !== old.id) {
    messages.value = messages.value.filter((m) => m.id !== old.id);
  }
  ensurePlaceholder(res.replyId);
}

export const retry = () => reask('retry', (id) => api.retryReply(id));
export const regenerate = () => reask('regenerate', (id) => api.regenerateReply(id));

/** retryFailed repeats whatever failed last: the opening scene or the reply. */
export function retryFailed() {
  const kind = actionError.value?.retry;
  if (kind === 'scene') return openScene();
  return retry();
}

/** selectAlternative flips a reply to another of its versions. */
export async function selectAlternative(messageId, index) {
  try {
    const msg = await api.selectAlternative(roomId.value, messageId, index);
    if (msg) messages.value = upsert(messages.value, msg);
  } catch (e) {
    actionError.value = { error: api.normaliseError(e), retry: null, action: 'alternative' };
  }
}

export async function suggest() {
  const id = roomId.value;
  hint.value = { state: 'loading' };
  try {
    const text = await api.suggestReply(id);
    if (id === roomId.value) hint.value = { state: 'ready', text: String(text ?? '') };
  } catch (e) {
    if (id === roomId.value) hint.value = { state: 'error', error: api.normaliseError(e) };
  }
}

/** loadOlder prepends the page before the oldest shown message; returns how many were added. */
export async function loadOlder() {
  if (!hasMore.value || loadingOlder.value || !messages.value.length) return 0;
  const id = roomId.value;
  const gen = generation;
  loadingOlder.value = true;
  try {
    const page = await api.listMessages(id, messages.value[0].id, PAGE);
    if (gen !== generation) return 0;
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
    if (gen === generation) actionError.value = { error: api.normaliseError(e), retry: null, action: 'older' };
    return 0;
  } finally {
    if (gen === generation) loadingOlder.value = false;
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
  const id = roomId.value;
  const gen = generation;
  try {
    const page = await api.listMessages(id, 0, PAGE);
    if (gen !== generation) return;
    batch(() => {
      messages.value = page?.messages ?? [];
      hasMore.value = Boolean(page?.hasMore);
      hasNewer.value = false;
    });
  } catch (e) {
    if (gen === generation) actionError.value = { error: api.normaliseError(e), retry: null, action: 'latest' };
  }
}

/** flushDeltas applies queued deltas now (tests; and before a reply is replaced). */
export function flushDeltas() {
  batcher.flush();
}
