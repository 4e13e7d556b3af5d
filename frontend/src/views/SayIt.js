// Under a line of the conversation: "Say it" on the AI's lines (shadowing) with the word-by-word
// comparison, and "My voice" on the learner's lines that kept their recording.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { t } from '../i18n/index.js';
import * as api from '../api.js';
import * as speak from '../speak.js';
import * as state from '../chat/state.js';
import * as listen from '../listen.js';

/**
 * playLineFirst speaks the AI line through Listen and resolves once it has played (or failed, or
 * after 30 s), so the recording does not pick up the speakers.
 */
async function playLineFirst(msg) {
  const roomId = state.roomId.value;
  const key = listen.messageKey(roomId, msg.id);
  await listen.listenMessage(roomId, msg);
  if (listen.playing.value?.key !== key) return; // it failed, or was stopped already
  await new Promise((resolve) => {
    let unsub = null;
    let over = false;
    const done = () => {
      if (over) return;
      over = true;
      clearTimeout(timer);
      unsub?.();
      resolve();
    };
    const timer = setTimeout(done, 30000);
    unsub = listen.playing.subscribe((p) => {
      if (p?.key !== key) done();
    });
    if (over) unsub();
  });
}

function SayIt({ msg }) {
  // Computed signals: a bubble re-renders when recording starts or ends, not on every level event.
  const mine = speak.shadowTarget.value === msg.id;
  const busyElsewhere = speak.recording.value && !mine;
  const onClick = async (e) => {
    if (mine) {
      speak.stop();
      return;
    }
    if (busyElsewhere) return;
    await playLineFirst(msg);
    speak.start({ mode: 'shadow', messageId: msg.id });
  };
  return html`<button type="button" class=${`link small${mine ? ' recording' : ''}`} data-testid="say-it" aria-pressed=${mine ? 'true' : 'false'}
    title=${t('speak.sayItHelp')} disabled=${busyElsewhere} onClick=${onClick}>${mine ? t('speak.sayItStop') : t('speak.sayIt')}</button>`;
}

/**
 * LineSpeak is what a line offers for speaking: "Say it" and the comparison on the AI's lines,
 * "My voice" on the learner's. It is one component per bubble, since long rooms render many.
 */
export function LineSpeak({ msg, mine }) {
  if (mine) return html`<${MyVoice} msg=${msg} />`;
  return html`<${SayIt} msg=${msg} />`;
}

/** MyVoice replays the learner's own recording of their line. */
function MyVoice({ msg }) {
  const [src, setSrc] = useState('');
  if (!speak.takes.value.has(msg.id)) return null;
  const play = async () => {
    try {
      const take = await api.playTake(state.roomId.value, msg.id);
      setSrc(take.dataUrl);
    } catch (e) {
      speak.speakError.value = { error: api.normaliseError(e), mode: 'compose' };
    }
  };
  return html`
    <button type="button" class="link small" data-testid="my-voice" onClick=${play}>${t('speak.myVoice')}</button>
    ${src ? html`<audio src=${src} autoplay data-testid="my-voice-audio" onEnded=${() => setSrc('')}></audio>` : null}`;
}

/** ShadowResult shows how the learner's words lined up with the AI line they repeated. */
export function ShadowResult({ msg }) {
  const sh = speak.shadow.value;
  if (!sh || sh.messageId !== msg.id) return null;
  const c = sh.comparison;
  return html`
    <div class="shadow-result" data-testid="shadow-result" data-same=${c.same} data-total=${c.total} aria-label=${t('speak.shadowTitle')}>
      <p class="shadow-score"><strong>${c.perfect ? t('speak.shadowPerfect') : t('speak.shadowScore', { same: c.same, total: c.total })}</strong>
        <button type="button" class="icon-btn" aria-label=${t('common.dismiss')} onClick=${() => (speak.shadow.value = null)}>×</button></p>
      <p class="shadow-words">${c.words.map((w) => {
        if (w.kind === 'same') return html`<span class="w w-same" data-kind="same">${w.expected} </span>`;
        if (w.kind === 'missed') return html`<span class="w w-missed" data-kind="missed" title=${t('speak.missed')}><del>${w.expected}</del><span class="visually-hidden"> (${t('speak.missed')})</span> </span>`;
        if (w.kind === 'extra') return html`<span class="w w-extra" data-kind="extra" title=${t('speak.extra')}><ins>${w.said}</ins><span class="visually-hidden"> (${t('speak.extra')})</span> </span>`;
        return html`<span class="w w-changed" data-kind="changed" title=${`${t('speak.changed')} “${w.said}”`}><del>${w.expected}</del> → <ins>${w.said}</ins> </span>`;
      })}</p>
      <p class="muted small">${t('speak.heard')} <span data-testid="shadow-heard">${c.heard}</span></p>
      <p class="muted small">${t('speak.shadowNote')}</p>
    </div>`;
}
