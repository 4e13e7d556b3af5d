// A room: the scenario card on top, the conversation, and the composer at the bottom.
import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import { html } from '../html.js';
import { t, lang, errorText } from '../i18n/index.js';
import { openRooms, setSceneOpen, loadTranslation, translationOf } from '../chat/scenecard.js';
import { count, usd } from '../format.js';
import { composerAction } from '../keys.js';
import * as actions from '../chat/actions.js';
import { openRoom } from '../chat/room.js';
import * as state from '../chat/state.js';
import { rooms, roomsState, roomsError, refreshRooms, navigate, settings } from '../store.js';
import { limits, loadLimits, levelName } from '../limits.js';
import { MessageList } from './Messages.js';
import { openSettingsFor, SETTINGS_CODES } from './Onboarding.js';
import { RoomExportButtons } from './RoomExport.js';
import { Loading, ErrorState, Empty, LangBadge } from './ui.js';
import { CoachMode, CoachCard, GoalsPeek, useCoach } from './Coach.js';
import { EndSession } from './Debrief.js';
import { HintLadder } from './Hints.js';
import { HowToSay, HowToSayButton } from './Understand.js';
import { MicButton, RecordingStrip } from './RecordingStrip.js';
import { composerKeyDown, composerKeyUp } from '../speak.js';
import { ListenBar } from './Listen.js';
import { TapWord } from './TapWord.js';
import { ReadingAids } from './ReadingAids.js';


/** explainLanguage is the language the learner wants explanations in: their profile's, else the UI's. */
export const explainLanguage = () => settings.value?.explainLanguage || lang.value;

/** Field is one scene text in the practice language, with its translation under it when there is one. */
function Field({ label, text, translated, tr, practice, wide, testid }) {
  return html`
    <div class=${wide ? 'situation' : ''}>
      <dt>${label}</dt>
      <dd lang=${practice} data-testid=${testid}>${text}</dd>
      ${translated ? html`<dd class="scene-tr" lang=${tr} data-testid=${testid ? `${testid}-tr` : undefined}>${translated}</dd>` : null}
    </div>`;
}

/**
 * ScenarioCard: compact by default (the conversation keeps the window), opened per room and
 * remembered. The scene is written in the practice language; a learner who explains things in
 * another language gets each text translated under it (asked once, cached by Go).
 */
export function ScenarioCard({ room }) {
  const open = openRooms.value.has(room.id);
  const tr = explainLanguage();
  const wantTr = room.language !== tr;
  // Asked for when the learner opens the card, not for every room passed through.
  useEffect(() => {
    if (open && wantTr && settings.value) loadTranslation(room, tr);
  }, [open, room.id, room.updatedAt, tr, wantTr, Boolean(settings.value)]);
  const t9n = wantTr ? translationOf(room, tr) : null;
  const v = t9n?.state === 'ready' && !t9n.value.original ? t9n.value : null;
  return html`
    <section class=${`scenario${open ? ' open' : ''}`} data-testid="scenario-card" data-open=${open ? 'true' : 'false'} aria-label=${t('chat.scenario')}>
      <div class="scenario-head">
        <button type="button" class="scenario-toggle" aria-expanded=${open ? 'true' : 'false'} aria-controls="scenario-body"
          data-testid="scenario-toggle" onClick=${() => setSceneOpen(room.id, !open)}>
          <span aria-hidden="true" class="chev">${open ? '▾' : '▸'}</span>
          <span class="scenario-summary">${t('chat.scenario')}</span>
        </button>
        <span class="muted">${levelName(room.level) ? `${room.level} · ${levelName(room.level)}` : room.level}</span>
        ${open ? null : html`<span class="scenario-peek" lang=${v ? tr : room.language} data-testid="scenario-peek"
          title=${v ? room.situation : undefined}>${v ? v.situation : room.situation}</span>`}
        ${open ? null : html`<${GoalsPeek} />`}
        <button type="button" class="btn btn-small" data-testid="edit-room" onClick=${() => navigate({ name: 'edit', roomId: room.id })}>
          ${t('chat.editScenario')}
        </button>
      </div>
      ${open ? html`
        <dl class="scenario-grid" id="scenario-body">
          <${Field} label=${t('field.situation')} text=${room.situation} translated=${v?.situation} tr=${tr} practice=${room.language} wide testid="scenario-situation" />
          <${Field} label=${t('field.myRole')} text=${room.myRole} translated=${v?.myRole} tr=${tr} practice=${room.language} />
          <${Field} label=${t('field.aiRole')} text=${room.aiRole} translated=${v?.aiRole} tr=${tr} practice=${room.language} />
          ${room.goal ? html`<${Field} label=${t('field.goal')} text=${room.goal} translated=${v?.goal} tr=${tr} practice=${room.language} />` : null}
        </dl>
        ${t9n?.state === 'loading' ? html`<p class="muted small" data-testid="scenario-translating">${t('chat.translating')}</p>` : null}
        ${t9n?.state === 'error' ? html`<p class="muted small" data-testid="scenario-tr-error">${t('chat.translationFailed')}
          <button type="button" class="link small" onClick=${() => loadTranslation(room, tr, { retry: true })}>${t('chat.tryAgain')}</button></p>` : null}` : null}
      ${open ? html`<${CoachCard} />` : null}
      ${open && settings.value?.showTokens ? html`<${Usage} />` : null}
      ${open ? html`<${RoomExportButtons} roomId=${room.id} />` : null}
    </section>
  `;
}

/**
 * Usage shows the tokens the room has used, in (sent to the model) and out (written by it), and
 * roughly what they cost. For a model without a known price Go says costKnown: false, and the
 * cost shows as unknown, never as $0.
 */
function Usage() {
  const u = state.usage.value;
  const tokensIn = u?.promptTokens ?? 0;
  const tokensOut = u?.completionTokens ?? 0;
  if (!tokensIn && !tokensOut) return null;
  const params = { in: count(tokensIn), out: count(tokensOut) };
  const text = u.costKnown
    ? t('chat.usageCost', { ...params, cost: usd(u.estimatedCostUsd ?? 0) })
    : t('chat.usageCostUnknown', params);
  return html`<p class="usage muted" data-testid="room-usage" data-cost-known=${u.costKnown ? 'true' : 'false'}
    title=${t('chat.usageHelp')}>${text}</p>`;
}

/** Composer: Enter sends, Shift+Enter is a newline, an IME's committing Enter does nothing. */
export function Composer({ language } = {}) {
  const ref = useRef(null);
  const busy = state.busy.value;
  const streaming = state.streamingHere.value;
  // The longest line Go accepts; until Go has said (or if it cannot), no limit here: Go still checks.
  const maxLine = limits.value?.maxMessage;
  useEffect(() => {
    loadLimits();
  }, []);
  const resize = () => {
    const el = ref.current;
    if (!el) return;
    el.style.height = 'auto';
    // scrollHeight leaves out the borders: without them the box is 2px short and shows a scrollbar.
    el.style.height = `${Math.min(el.scrollHeight + el.offsetHeight - el.clientHeight, 200)}px`;
  };
  useEffect(resize, [state.draft.value]);
  // In the update that opens the room (or starts an edit), not after the next paint, so it never
  // takes the keyboard back from a control the learner reached first.
  useLayoutEffect(() => {
    ref.current?.focus();
  }, [state.roomId.value, state.editing.value]);
  const send = async () => {
    const text = state.draft.value;
    if (await actions.send(text)) {
      if (state.draft.value === text) state.draft.value = '';
    }
    ref.current?.focus();
  };
  const onKeyDown = (e) => {
    if (composerKeyDown(e)) return; // push-to-talk: Space in an empty composer, Esc while recording
    const action = composerAction(e);
    if (action === 'send') {
      e.preventDefault();
      send();
    } else if (action === 'stop' && streaming) {
      e.preventDefault();
      actions.stop();
    } else if (action === 'stop' && state.editing.value !== null) {
      e.preventDefault();
      actions.cancelEdit();
    }
  };
  const editingLine = state.editing.value !== null;
  return html`
    ${editingLine ? html`
      <div class="editing-bar" data-testid="editing-bar">
        <span>${t('chat.editing')}</span>
        <button type="button" class="link" data-testid="edit-cancel" onClick=${actions.cancelEdit}>${t('common.cancel')}</button>
      </div>` : null}
    <form class="composer" onSubmit=${(e) => { e.preventDefault(); send(); }} data-testid="composer-form">
      <label class="visually-hidden" for="composer">${t('chat.composerLabel')}</label>
      <textarea id="composer" ref=${ref} rows="1" value=${state.draft.value} data-testid="composer" maxLength=${maxLine} lang=${language}
        placeholder=${t('chat.composerPlaceholder')} aria-describedby="composer-help"
        onInput=${(e) => { state.draft.value = e.currentTarget.value; }} onKeyDown=${onKeyDown} onKeyUp=${composerKeyUp}></textarea>
      <p id="composer-help" class="visually-hidden">${t('chat.composerHelp')}</p>
      ${maxLine && state.draft.value.length > maxLine * 0.9 ? html`
        <span class="char-count" data-testid="char-count" aria-live="polite">${t('chat.charCount', { n: state.draft.value.length, max: maxLine })}</span>` : null}
      <div class="composer-actions">
        <${HowToSayButton} />
        <${MicButton} />
        <button type="button" class="btn" onClick=${actions.suggest} disabled=${busy || state.hint.value?.state === 'loading'}
          data-testid="suggest" title=${t('chat.suggestHelp')}>${t('chat.suggest')}</button>
        ${streaming
          ? html`<button type="button" class="btn btn-danger" onClick=${actions.stop} data-testid="stop">${t('chat.stop')}</button>`
          : html`<button type="submit" class="btn btn-primary" disabled=${busy || !state.draft.value.trim()} data-testid="send">${editingLine ? t('chat.resend') : t('chat.send')}</button>`}
      </div>
    </form>
  `;
}

/** Whether a key was set when each action error was first shown. */
const keyAtError = new WeakMap();

function ActionError() {
  const a = state.actionError.value;
  if (!a) return null;
  const code = a.error?.code;
  // "No API key" is out of date once a key is saved after it was shown; the next try uses it.
  if (!keyAtError.has(a)) keyAtError.set(a, Boolean(settings.value?.hasKey));
  if (code === 'llm.no_key' && !keyAtError.get(a) && settings.value?.hasKey) return null;
  return html`
    <div class="alert alert-error chat-error" role="alert" data-testid="chat-error" data-code=${code}>
      <span>${errorText(a.error)}</span>
      <span class="row">
        ${a.retry === 'scene' ? html`<button type="button" class="btn btn-small" data-testid="retry-scene" onClick=${actions.retryFailed}>${t('common.retry')}</button>` : null}
        ${SETTINGS_CODES.has(code) ? html`<button type="button" class="btn btn-small" data-testid="open-setting" onClick=${() => openSettingsFor(code)}>${t('chat.openSettings')}</button>` : null}
        <button type="button" class="icon-btn" aria-label=${t('common.dismiss')} onClick=${() => (state.actionError.value = null)}>×</button>
      </span>
    </div>
  `;
}

export function ChatView({ roomId, at = 0 }) {
  // A layout effect, so the room (and its draft) switch before the composer can take a keystroke.
  // `at` is a message a search result opens the room at.
  useLayoutEffect(() => {
    openRoom(roomId, { at });
  }, [roomId, at]);
  useCoach(roomId);
  useEffect(() => {
    const onKey = (e) => {
      if (e.key === 'Escape' && !e.defaultPrevented && state.streamingReply.value) {
        e.preventDefault();
        actions.stop();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const room = rooms.value.find((r) => r.id === roomId);
  const title = room?.title;
  useEffect(() => {
    document.title = title ? `${title} — Parley` : 'Parley';
    return () => {
      document.title = 'Parley';
    };
  }, [title]);
  if (!room) {
    if (roomsState.value === 'error') return html`<${ErrorState} err=${roomsError.value} onRetry=${refreshRooms} />`;
    if (roomsState.value !== 'ready') return html`<${Loading} />`;
    return html`<${Empty} title=${t('err.room.not_found')} testid="room-missing" />`;
  }
  let conversation;
  if (state.loadState.value === 'error') {
    conversation = html`<${ErrorState} err=${state.loadError.value} onRetry=${() => openRoom(roomId)} testid="messages-error" />`;
  } else if (state.loadState.value !== 'ready') {
    conversation = html`<${Loading} label=${t('chat.loading')} />`;
  } else {
    conversation = html`<${MessageList} />`;
  }
  return html`
    <section class="chat" aria-labelledby="room-heading" data-testid="chat-view">
      <header class="chat-head">
        <${LangBadge} language=${room.language} />
        <h1 id="room-heading" data-testid="room-heading">${room.title}</h1>
        <${CoachMode} />
        <${EndSession} />
        <${ListenBar} room=${room} />
      </header>
      <${ScenarioCard} room=${room} />
      ${conversation}
      <div class="visually-hidden" aria-live="polite" data-testid="live-region">${state.announcement.value}</div>
      <${ActionError} />
      <${HintLadder} />
      <${HowToSay} />
      <${RecordingStrip} />
      <${Composer} language=${room.language} />
      <${TapWord} room=${room} />
      <${ReadingAids} room=${room} />
    </section>
  `;
}
