// The hint ladder: four rungs revealed one at a time, from the gentlest (what to aim for, in the
// learner's own language) to a whole line with its translation that "Use" puts in the composer.
// All four come from one request; each rung opened is reported, so the debrief can say how much
// help a line needed. A hint is never part of the conversation.
import { html } from '../html.js';
import { t, errorText } from '../i18n/index.js';
import * as api from '../api.js';
import * as actions from '../chat/actions.js';
import * as state from '../chat/state.js';
import { Spinner } from './ui.js';
import { openSettingsFor, SETTINGS_CODES } from './Onboarding.js';
import { SavePhraseButton } from './SavePhrase.js';
import { currentRoom } from '../store.js';
import '../coach.css';

/** reveal opens the next rung and tells Go, which credits it to the learner's next line. */
function reveal(h) {
  const rung = Math.min(4, (h.rung ?? 1) + 1);
  state.hint.value = { ...h, rung };
  api.hintRungReached(state.roomId.value, rung).catch(() => {
    // Only the debrief's count would miss it: the hint itself is shown.
  });
}

/** partnerLine is the line a hint answers: the newest line of the partner on screen. */
function partnerLine() {
  const list = state.messages.value;
  for (let i = list.length - 1; i >= 0; i--) if (list[i].role === 'assistant' && list[i].text) return list[i].text;
  return '';
}

function Rung({ n, label, children }) {
  return html`<li class="hint-rung" data-testid="hint-rung" data-rung=${n}>
    <span class="hint-rung-label">${label}</span>
    <div>${children}</div>
  </li>`;
}

export function HintLadder() {
  const h = state.hint.value;
  if (!h) return null;
  const close = () => (state.hint.value = null);
  if (h.state === 'loading') {
    return html`<div class="hint-panel" data-testid="hint"><${Spinner} /> ${t('chat.suggesting')}
      <button type="button" class="btn btn-small" data-testid="suggest-cancel" onClick=${actions.cancelSuggest}>${t('common.cancel')}</button></div>`;
  }
  if (h.state === 'error') {
    const code = h.error?.code;
    return html`<div class="hint-panel error" role="alert" data-testid="hint" data-code=${code}>${errorText(h.error)}
      ${SETTINGS_CODES.has(code) ? html`<button type="button" class="btn btn-small" data-testid="open-setting" onClick=${() => openSettingsFor(code)}>${t('chat.openSettings')}</button>` : null}
      <button type="button" class="link" onClick=${close}>${t('common.dismiss')}</button></div>`;
  }
  const l = h.ladder;
  const rung = h.rung ?? 1;
  const room = currentRoom.value;
  const base = { language: room?.language ?? '', roomId: room?.id ?? state.roomId.value ?? '', source: 'hint' };
  const use = () => {
    state.draft.value = l.line;
    close();
    document.getElementById('composer')?.focus();
  };
  return html`
    <div class="hint-panel hint-ladder" data-testid="hint" data-rung=${rung}>
      <ol class="hint-rungs">
        <${Rung} n=${1} label=${t('hint.aim')}><span data-testid="hint-aim">${l.aim}</span><//>
        ${rung >= 2 ? html`<${Rung} n=${2} label=${t('hint.phrases')}>
          <ul class="hint-phrases">${l.phrases.map((p) => html`<li data-testid="hint-phrase"><b>${p.text}</b>${p.meaning ? html` — ${p.meaning}` : null}
            <${SavePhraseButton} input=${{ ...base, text: p.text, meaning: p.meaning ?? '', context: l.line }} testid="save-hint-phrase" /></li>`)}</ul><//>` : null}
        ${rung >= 3 ? html`<${Rung} n=${3} label=${t('hint.starter')}><span data-testid="hint-starter">${l.starter}</span><//>` : null}
        ${rung >= 4 ? html`<${Rung} n=${4} label=${t('chat.hintLabel')}>
          <span data-testid="hint-text">${l.line}</span>
          ${l.translation ? html`<span class="hint-translation muted" data-testid="hint-translation">${l.translation}</span>` : null}
          <${SavePhraseButton} input=${{ ...base, text: l.line, meaning: l.translation ?? '', context: partnerLine() }} testid="save-hint-line" /><//>` : null}
      </ol>
      <div class="row">
        ${rung < 4 ? html`<button type="button" class="btn btn-small" data-testid="hint-more" onClick=${() => reveal(h)}>${t('hint.more')}</button>` : null}
        ${rung >= 4 ? html`<button type="button" class="btn btn-small" data-testid="hint-use" onClick=${use}>${t('chat.useHint')}</button>` : null}
        <button type="button" class="btn btn-small" onClick=${close}>${t('common.dismiss')}</button>
      </div>
    </div>
  `;
}
