// Understanding what was said: Translate under any message (into the learner's UI language), and
// "How do I say…?", which turns what the learner means, in their own words, into one to three
// ways to say it in the room's language that "Use" puts in the composer.
import { useState } from 'preact/hooks';
import { signal } from '@preact/signals';
import { html } from '../html.js';
import { t, errorText, lang } from '../i18n/index.js';
import * as api from '../api.js';
import * as coach from '../coach.js';
import * as state from '../chat/state.js';
import { Spinner } from './ui.js';
import { SavePhraseButton } from './SavePhrase.js';
import { currentRoom } from '../store.js';
import '../coach.css';

export function TranslateButton({ msg }) {
  const tr = coach.translations.value.get(msg.id);
  const shown = tr?.state === 'ready';
  return html`<button type="button" class="link small" data-testid="translate" aria-pressed=${shown ? 'true' : 'false'}
    disabled=${tr?.state === 'loading'} onClick=${() => coach.translate(msg.id)}>${shown ? t('coach.hideTranslation') : t('coach.translate')}</button>`;
}

export function TranslationNote({ msg }) {
  const tr = coach.translations.value.get(msg.id);
  if (!tr) return null;
  if (tr.state === 'loading') return html`<div class="coach coach-translation" data-testid="translation" data-state="loading"><${Spinner} label=${t('coach.translating')} /></div>`;
  if (tr.state === 'error') return html`<div class="coach coach-translation" role="alert" data-testid="translation" data-state="error">${errorText(tr.error)}</div>`;
  // The message is the phrase and its translation the meaning; the message is its own context.
  const room = currentRoom.value;
  const input = { text: msg.text, meaning: tr.text, context: msg.text, language: room?.language ?? '',
    roomId: room?.id ?? state.roomId.value ?? '', source: 'translation' };
  return html`<div class=${`coach coach-translation${msg.role === 'user' ? '' : ' coach-left'}`} data-testid="translation-note">
    <span data-testid="translation" data-state="ready" lang=${tr.language}>${tr.text}</span><${SavePhraseButton} input=${input} testid="save-translation" /></div>`;
}

/** howTo is the "How do I say…?" panel: null (closed) or {state, text?, ways?, error?}. */
export const howTo = signal(null);
let pending = null;

async function ask(text) {
  const id = state.roomId.value;
  pending?.cancel();
  const c = api.cancellable((callId) => api.howDoISay(callId, id, text));
  pending = c;
  howTo.value = { state: 'loading', text };
  try {
    const res = await c.promise;
    if (pending === c) howTo.value = { state: 'ready', text, ways: res.ways };
  } catch (e) {
    if (pending === c) howTo.value = api.isCanceled(e) ? { state: 'ask', text } : { state: 'error', text, error: api.normaliseError(e) };
  } finally {
    if (pending === c) pending = null;
  }
}

export function HowToSayButton() {
  return html`<button type="button" class="btn" data-testid="howto-open" title=${t('coach.howToHelp')}
    onClick=${() => (howTo.value = howTo.value ? null : { state: 'ask', text: '' })}>${t('coach.howTo')}</button>`;
}

export function HowToSay() {
  const h = howTo.value;
  const [text, setText] = useState('');
  if (!h) return null;
  const close = () => {
    pending?.cancel();
    howTo.value = null;
  };
  const use = (line) => {
    state.draft.value = line;
    close();
    document.getElementById('composer')?.focus();
  };
  return html`
    <div class="hint-panel howto" data-testid="howto">
      <form class="howto-form" onSubmit=${(e) => { e.preventDefault(); if (text.trim()) ask(text.trim()); }}>
        <label for="howto-input">${t('coach.howToLabel')}</label>
        <div class="row">
          <input id="howto-input" data-testid="howto-input" lang=${lang.value} value=${text} maxLength="500" autocomplete="off"
            placeholder=${t('coach.howToPlaceholder')} onInput=${(e) => setText(e.currentTarget.value)} />
          <button type="submit" class="btn btn-small" data-testid="howto-ask" disabled=${!text.trim() || h.state === 'loading'}>${t('coach.howToAsk')}</button>
        </div>
      </form>
      ${h.state === 'loading' ? html`<p><${Spinner} /> ${t('coach.howToThinking')}
        <button type="button" class="btn btn-small" data-testid="howto-cancel" onClick=${() => pending?.cancel()}>${t('common.cancel')}</button></p>` : null}
      ${h.state === 'error' ? html`<p class="error" role="alert">${errorText(h.error)}</p>` : null}
      ${h.state === 'ready' ? html`
        <ol class="howto-ways">
          ${h.ways.map((w) => html`
            <li data-testid="howto-way">
              <span class="howto-text" data-testid="howto-text">${w.text}</span>
              ${w.note ? html`<span class="muted howto-note">${w.note}</span>` : null}
              <button type="button" class="btn btn-small" data-testid="howto-use" onClick=${() => use(w.text)}>${t('chat.useHint')}</button>
            </li>`)}
        </ol>` : null}
      <div class="row"><button type="button" class="btn btn-small" onClick=${close}>${t('common.dismiss')}</button></div>
    </div>
  `;
}
