// What the learner does in the open room: send, edit and resend the last line, stop, retry,
// regenerate, flip between versions, ask for a hint. Go answers at once with the ids of the
// learner's line and of the reply, which then streams in through live.js.
import { batch } from '@preact/signals';
import * as api from '../api.js';
import { refreshRoomsSoon, noteActivity, onLeaving } from '../store.js';
import {
  roomId, messages, hasNewer, actionError, sending, hint, draft, followLatest, editing, streamingReply, busy,
  currentVisit, upsert,
} from './state.js';
import { ensurePlaceholder } from './live.js';
import { jumpToLatest } from './paging.js';

/**
 * run calls Go for the open room with the Send button held down, and keeps a failure to show;
 * it resolves undefined on failure or when the learner moved to another room meanwhile.
 */
async function run(action, retryKind, fn) {
  const id = roomId.value;
  const visit = currentVisit();
  actionError.value = null;
  sending.value = true;
  try {
    const res = await fn(id);
    // The learner moved to another room meanwhile: this answer is not for the open room.
    return visit === currentVisit() ? res : undefined;
  } catch (e) {
    if (visit === currentVisit()) actionError.value = { error: api.normaliseError(e), retry: retryKind, action };
    return undefined;
  } finally {
    if (visit === currentVisit()) sending.value = false;
  }
}

/** openScene asks for the AI's opening line in an empty room. */
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
  noteActivity(roomId.value, { preview: body, previewRole: 'user' });
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

/**
 * reask restarts the last reply (retry or regenerate): it streams again in place. The old
 * version's token figure and cut-off mark go with its text; the new one brings its own.
 */
async function reask(kind, call) {
  const old = lastReply();
  if (old) messages.value = upsert(messages.value, { ...old, text: '', status: 'streaming', errorCode: '', usage: undefined, cutOff: false });
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

/** The Suggest call now running ({cancel} from api.cancellable), or null. */
let pendingSuggest = null;

/**
 * suggest asks Go for a hint ladder towards the learner's next line; it is shown, not sent. It can take a
 * while (retries against a slow server), so it can be cancelled: see cancelSuggest.
 */
export async function suggest() {
  const id = roomId.value;
  if (!id) return;
  cancelSuggest();
  const c = api.cancellable((callId) => api.hintLadder(callId, id));
  pendingSuggest = c;
  hint.value = { state: 'loading' };
  try {
    // The coach's four-rung hint; the first rung shows at once (views/Hints.js reveals the rest).
    const ladder = await c.promise;
    if (pendingSuggest === c) {
      hint.value = { state: 'ready', ladder, rung: 1 };
      api.hintRungReached(id, 1).catch(() => {});
    }
  } catch (e) {
    // A cancelled Suggest was the learner's choice (or leaving did it): no error to show.
    if (pendingSuggest === c) hint.value = api.isCanceled(e) ? null : { state: 'error', error: api.normaliseError(e) };
  } finally {
    if (pendingSuggest === c) pendingSuggest = null;
  }
}

/** cancelSuggest ends a pending Suggest: its Cancel button, leaving the room, logging out. */
export async function cancelSuggest() {
  const c = pendingSuggest;
  if (!c) return;
  pendingSuggest = null;
  if (hint.value?.state === 'loading') hint.value = null;
  await c.cancel();
}

// Log-out ends the Suggest while the session that can cancel it still exists.
onLeaving(cancelSuggest);
