// Opening and closing the room on screen. The open room's other parts each keep one concern, and
// views import them from where they live:
//   chat/state.js    the signals the views read (messages, busy, draft, usage, …)
//   chat/paging.js   the bounded window: older pages on scroll-up, trimming, jump to latest
//   chat/live.js     chat:* events from Go, deltas batched per animation frame, token use
//   chat/actions.js  send, edit, stop, retry, regenerate, versions, hints
import { batch, effect, untracked } from '@preact/signals';
import { route } from '../store.js';
import * as api from '../api.js';
import {
  roomId, messages, hasMore, hasNewer, loadState, loadError, actionError, sending, hint, usage, draft, editing,
  startVisit, currentVisit, found,
} from './state.js';
import { dropDeltas, refreshUsage } from './live.js';
import { loadNewest, loadAround, prefetchNewest } from './paging.js';
import { openScene, cancelSuggest } from './actions.js';


// Picking another room asks for its newest page right away, before the view re-renders (the
// room view then opens it as usual and takes that answer).
effect(() => {
  const r = route.value;
  if (r.name === 'chat' && r.roomId && !r.at && r.roomId !== untracked(() => roomId.value)) prefetchNewest(r.roomId);
});

/** Unsent drafts by room, so switching rooms and back keeps what the learner was typing. */
const drafts = new Map();

/**
 * openRoom shows a room: its newest page, or the AI's opening line when it is empty; with `at`
 * (a search result), the page around that message, highlighted.
 */
export async function openRoom(id, { at = 0 } = {}) {
  if (roomId.value) drafts.set(roomId.value, draft.value);
  cancelSuggest();
  const visit = startVisit();
  dropDeltas();
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
    found.value = at || null;
    draft.value = drafts.get(id) ?? '';
  });
  try {
    const ready = () => (loadState.value = 'ready');
    if (at) {
      if (!(await loadAround(at, ready))) return;
      refreshUsage();
      return;
    }
    if (!(await loadNewest(ready))) return;
    refreshUsage();
    if (messages.value.length === 0 && !hasMore.value) await openScene();
  } catch (e) {
    if (visit !== currentVisit()) return;
    loadError.value = api.normaliseError(e);
    loadState.value = 'error';
  }
}

/** closeRoom forgets the open room (on log-out or when the room is deleted). */
export function closeRoom() {
  cancelSuggest();
  startVisit();
  dropDeltas();
  roomId.value = null;
  messages.value = [];
  found.value = null;
  loadState.value = 'idle';
}
