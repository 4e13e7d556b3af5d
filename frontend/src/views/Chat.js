// A room: the scenario card on top, the conversation, and the composer at the bottom.
import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import { scenarioOpen, setScenarioOpen } from '../scenarioFold.js';
import { html } from '../html.js';
import { t, errorText } from '../i18n/index.js';
import { count, usd } from '../format.js';
import { composerAction } from '../keys.js';
import * as actions from '../chat/actions.js';
import { openRoom } from '../chat/room.js';
import * as state from '../chat/state.js';
import { rooms, roomsState, roomsError, refreshRooms, navigate, settings } from '../store.js';
import { limits, loadLimits, levelName } from '../limits.js';
import { MessageList } from './Messages.js';
import { Loading, ErrorState, Empty, LangBadge, Spinner } from './ui.js';

/** Codes the user fixes in Settings, so the error offers a way there. */
const SETTINGS_CODES = new Set(['llm.no_key', 'llm.unauthorized', 'llm.model_not_found', 'llm.unreachable', 'llm.quota', 'llm.bad_request', 'llm.endpoint_not_found']);

export function ScenarioCard({ room }) {
  const open = scenarioOpen(room.id);
  return html`
    <section class="scenario" data-testid="scenario-card" aria-label=${t('chat.scenario')}>
      <div class="scenario-head">
        <button type="button" class="scenario-toggle" aria-expanded=${open ? 'true' : 'false'} aria-controls="scenario-body"
          data-testid="scenario-toggle" onClick=${() => setScenarioOpen(room.id, !open)}>
          <span aria-hidden="true" class="chev">${open ? '▾' : '▸'}</span>
          <span class="scenario-summary">${t('chat.scenario')}</span>
        </button>
        <span class="muted">${levelName(room.level) ? `${room.level} · ${levelName(room.level)}` : room.level}</span>
        ${open ? null : html`<span class="scenario-peek" lang=${room.language}>${room.situation}</span>`}
        <button type="button" class="btn btn-small" data-testid="edit-room" onClick=${() => navigate({ name: 'edit', roomId: room.id })}>
          ${t('chat.editScenario')}
        </button>
      </div>
      ${open ? html`
        <dl class="scenario-grid" id="scenario-body">
          <div class="situation"><dt>${t('field.situation')}</dt><dd data-testid="scenario-situation" lang=${room.language}>${room.situation}</dd></div>
          <div><dt>${t('field.myRole')}</dt><dd lang=${room.language}>${room.myRole}</dd></div>
          <div><dt>${t('field.aiRole')}</dt><dd lang=${room.language}>${room.aiRole}</dd></div>
          ${room.goal ? html`<div><dt>${t('field.goal')}</dt><dd lang=${room.language}>${room.goal}</dd></div>` : null}
        </dl>` : null}
      ${open ? html`<${Usage} />` : null}
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
  const streaming = state.streamingReply.value !== null;
  // The longest line Go accepts; until Go has said (or if it cannot), no limit here: Go still checks.
  const maxLine = limits.value?.maxMessage;
  useEffect(() => {
    loadLimits();
  }, []);
  const resize = () => {
    const el = ref.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, 200)}px`;
  };
  useEffect(resize, [state.draft.value]);
  useEffect(() => {
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
        onInput=${(e) => { state.draft.value = e.currentTarget.value; }} onKeyDown=${onKeyDown}></textarea>
      <p id="composer-help" class="visually-hidden">${t('chat.composerHelp')}</p>
      ${maxLine && state.draft.value.length > maxLine * 0.9 ? html`
        <span class="char-count" data-testid="char-count" aria-live="polite">${t('chat.charCount', { n: state.draft.value.length, max: maxLine })}</span>` : null}
      <div class="composer-actions">
        <button type="button" class="btn" onClick=${actions.suggest} disabled=${busy || state.hint.value?.state === 'loading'}
          data-testid="suggest" title=${t('chat.suggestHelp')}>${t('chat.suggest')}</button>
        ${streaming
          ? html`<button type="button" class="btn btn-danger" onClick=${actions.stop} data-testid="stop">${t('chat.stop')}</button>`
          : html`<button type="submit" class="btn btn-primary" disabled=${busy || !state.draft.value.trim()} data-testid="send">${editingLine ? t('chat.resend') : t('chat.send')}</button>`}
      </div>
    </form>
  `;
}

function Hint({ language }) {
  const h = state.hint.value;
  if (!h) return null;
  const close = () => (state.hint.value = null);
  if (h.state === 'loading') {
    return html`<div class="hint-panel" data-testid="hint"><${Spinner} /> ${t('chat.suggesting')}
      <button type="button" class="btn btn-small" data-testid="suggest-cancel" onClick=${actions.cancelSuggest}>${t('common.cancel')}</button></div>`;
  }
  if (h.state === 'error') {
    return html`<div class="hint-panel error" role="alert" data-testid="hint">${errorText(h.error)}
      <button type="button" class="link" onClick=${close}>${t('common.dismiss')}</button></div>`;
  }
  return html`
    <div class="hint-panel" data-testid="hint">
      <p><strong>${t('chat.hintLabel')}</strong> <span data-testid="hint-text" lang=${language}>${h.text}</span></p>
      <div class="row">
        <button type="button" class="btn btn-small" data-testid="hint-use" onClick=${() => { state.draft.value = h.text; close(); document.getElementById('composer')?.focus(); }}>${t('chat.useHint')}</button>
        <button type="button" class="btn btn-small" onClick=${close}>${t('common.dismiss')}</button>
      </div>
    </div>
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
        ${SETTINGS_CODES.has(code) ? html`<button type="button" class="btn btn-small" onClick=${() => navigate({ name: 'settings' })}>${t('chat.openSettings')}</button>` : null}
        <button type="button" class="icon-btn" aria-label=${t('common.dismiss')} onClick=${() => (state.actionError.value = null)}>×</button>
      </span>
    </div>
  `;
}

export function ChatView({ roomId }) {
  // A layout effect, so the room (and its draft) switch before the composer can take a keystroke.
  useLayoutEffect(() => {
    openRoom(roomId);
  }, [roomId]);
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
      </header>
      <${ScenarioCard} room=${room} />
      ${conversation}
      <div class="visually-hidden" aria-live="polite" data-testid="live-region">${state.announcement.value}</div>
      <${ActionError} />
      <${Hint} language=${room.language} />
      <${Composer} language=${room.language} />
    </section>
  `;
}
