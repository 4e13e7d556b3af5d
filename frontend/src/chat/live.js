// The streaming side of the open room: chat:delta/done/error events from Go, with deltas applied
// once per animation frame, and the room's token use refreshed when a reply ends.
import * as api from '../api.js';
import { createDeltaBatcher } from '../stream.js';
import { refreshRoomsSoon, noteActivity } from '../store.js';
import { setStreaming } from '../streaming.js';
import { t } from '../i18n/index.js';
import { endStreaming } from '../markdown.js';
import { roomId, messages, hasNewer, usage, announcement, upsert, placeholder } from './state.js';

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

/** flushDeltas applies queued deltas now (tests; and before a reply is replaced). */
export function flushDeltas() {
  batcher.flush();
}

/** dropDeltas forgets queued deltas, when the room they were for is left. */
export function dropDeltas() {
  batcher.cancel();
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
export function ensurePlaceholder(replyId) {
  if (!replyId) return;
  const known = messages.value.find((m) => m.id === replyId);
  if (!known && !hasNewer.value) messages.value = upsert(messages.value, placeholder(replyId));
  if (!known || known.status === 'streaming') setStreaming(roomId.value, replyId);
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
  setStreaming(p.roomId, p.replyId ?? 0);
}

/** onDone handles chat:done {roomId, reply}. */
export function onDone(p) {
  if (!p) return;
  setStreaming(p.roomId, null);
  // Show the reply in the room list at once; the refresh then brings Go's own figures.
  if (p.reply?.text) noteActivity(p.roomId, { preview: p.reply.text, previewRole: 'assistant' });
  refreshRoomsSoon();
  if (p.reply) endStreaming(p.reply.id);
  if (p.roomId !== roomId.value || !p.reply) return;
  batcher.take(p.reply.id);
  if (!hasNewer.value || messages.value.some((m) => m.id === p.reply.id)) {
    messages.value = upsert(messages.value, p.reply);
  }
  announcement.value = t('chat.announceReply', { text: String(p.reply.text ?? '').slice(0, 280) });
  refreshUsage();
}

/** onError handles chat:error {roomId, replyId, code, message, reply}. */
export function onError(p) {
  if (!p) return;
  setStreaming(p.roomId, null);
  refreshRoomsSoon();
  if (p.roomId !== roomId.value) return;
  const id = p.reply?.id ?? p.replyId;
  endStreaming(id);
  const queued = batcher.take(id);
  const old = messages.value.find((m) => m.id === id);
  const reply = p.reply
    ? { ...p.reply, errorCode: p.reply.errorCode || p.code }
    : { ...(old ?? placeholder(id)), text: (old?.text ?? '') + queued, status: p.code === 'llm.canceled' ? 'stopped' : 'error', errorCode: p.code };
  if (!hasNewer.value || old) messages.value = upsert(messages.value, reply);
  if (reply.status === 'error') announcement.value = t('chat.announceError');
  // A stopped or failed reply still used tokens (Go counts what was written): the total moves too.
  refreshUsage();
}

/** refreshUsage reloads the open room's token use; a failure only hides the figure. */
let usageAsked = 0;
export async function refreshUsage() {
  const id = roomId.value;
  if (!id) return;
  // Only the newest question's answer is shown: an older total answered late would undo a newer one.
  const n = ++usageAsked;
  try {
    const u = await api.roomUsage(id);
    if (n === usageAsked && id === roomId.value) usage.value = u;
  } catch {
    if (n === usageAsked && id === roomId.value) usage.value = null;
  }
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
