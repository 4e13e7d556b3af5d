// The debrief: End session closes the run of lines since the last debrief and shows a report of
// it (goals met, corrections by category, phrases worth keeping from the partner's lines, an
// honest level fit, and what the session came to), which the room keeps and can export as
// Markdown. Past debriefs are listed on the scenario card.
import { useLayoutEffect, useRef } from 'preact/hooks';
import { html } from '../html.js';
import { t, errorText } from '../i18n/index.js';
import { fullTime } from '../format.js';
import * as api from '../api.js';
import * as coach from '../coach.js';
import * as state from '../chat/state.js';
import { toast, toastError } from '../store.js';
import { Spinner } from './ui.js';
import { SavePhraseButton } from './SavePhrase.js';
import '../coach.css';

async function exportIt(d) {
  try {
    const path = await api.exportDebrief(d.roomId, d.id);
    if (path) toast(t('debrief.exported', { path }), { ms: 5000 });
  } catch (e) {
    toastError(e);
  }
}

function Report({ d }) {
  const h = d.stats.hintsByRung ?? [0, 0, 0, 0];
  const words = d.language === 'ja' ? 'debrief.statsJa' : 'debrief.stats';
  return html`
    <div class="debrief-body">
      ${d.goals?.length ? html`
        <section><h3>${t('debrief.goals')}</h3>
          <ul class="coach-goals-list">${d.goals.map((g) => html`
            <li data-testid="debrief-goal" data-met=${g.met ? 'true' : 'false'}><span aria-hidden="true" class="goal-box">${g.met ? '✓' : ''}</span> ${g.text}</li>`)}</ul>
        </section>` : null}
      <section><h3>${t('debrief.corrections')}</h3>
        ${d.corrections.length ? d.corrections.map((c) => html`
          <div class="debrief-category" data-testid="debrief-category" data-category=${c.category}>
            <h4>${t(`coach.cat.${c.category}`)} (${c.count})</h4>
            <ul>${c.items.map((i) => html`<li lang=${d.language}><s>${i.change.original}</s> → <b>${i.change.corrected}</b>
              ${i.change.explanation ? html`<span class="coach-why"> — ${i.change.explanation}</span>` : null}</li>`)}</ul>
          </div>`) : html`<p data-testid="debrief-no-corrections">${t('debrief.noCorrections')}</p>`}
      </section>
      ${d.phrases.length ? html`
        <section><h3>${t('debrief.phrases')}</h3>
          <ul>${d.phrases.map((p) => html`<li><span data-testid="debrief-phrase"><b lang=${d.language}>${p.text}</b>${p.meaning ? html` — ${p.meaning}` : null}</span>
            <${SavePhraseButton} input=${{ text: p.text, meaning: p.meaning ?? '', context: p.context ?? '', language: d.language, roomId: d.roomId, source: 'debrief' }} testid="save-debrief-phrase" /></li>`)}</ul>
        </section>` : null}
      <section><h3>${t('debrief.level')}</h3>
        <p data-testid="debrief-level">${t('debrief.levelLine', { room: d.level.room, felt: d.level.felt, next: d.level.next })}</p>
        ${d.level.note ? html`<p class="muted">${d.level.note}</p>` : null}
      </section>
      <section><h3>${t('debrief.session')}</h3>
        <p data-testid="debrief-stats">${t(words, { lines: d.stats.lines, words: d.stats.words, minutes: d.stats.minutes })}</p>
        <p data-testid="debrief-hints">${t('debrief.hints', { aim: h[0], phrases: h[1], starter: h[2], line: h[3] })}</p>
      </section>
    </div>
  `;
}

/** DebriefDialog shows the debrief being written or opened. */
function DebriefDialog() {
  const v = coach.debrief.value;
  const ref = useRef(null);
  // Focused in the update that shows it: Esc pressed the moment it appears closes it.
  useLayoutEffect(() => {
    if (v) ref.current?.focus();
  }, [Boolean(v)]);
  if (!v) return null;
  const close = () => coach.cancelEndSession();
  const onKey = (e) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      close();
    }
  };
  const d = v.debrief;
  return html`
    <div class="debrief-backdrop" onKeyDown=${onKey}>
      <div class="debrief" role="dialog" aria-modal="true" aria-labelledby="debrief-title" data-testid="debrief" tabIndex="-1" ref=${ref}
        data-state=${v.state}>
        <header class="debrief-head">
          <h2 id="debrief-title">${t('debrief.title')}${d ? html` <span class="muted">${fullTime(d.createdAt)}</span>` : null}</h2>
          <button type="button" class="icon-btn" aria-label=${t('debrief.close')} data-testid="debrief-close" onClick=${close}>×</button>
        </header>
        ${v.state === 'loading' ? html`<p><${Spinner} /> ${t('debrief.writing')}</p>` : null}
        ${v.state === 'error' ? html`<p class="error" role="alert" data-testid="debrief-error" data-code=${v.error?.code}>${errorText(v.error)}</p>` : null}
        ${d ? html`<${Report} d=${d} />
          <div class="row"><button type="button" class="btn btn-primary" data-testid="debrief-export" onClick=${() => exportIt(d)}>${t('debrief.export')}</button></div>` : null}
      </div>
    </div>
  `;
}

/** EndSession is the header's End session button, with the debrief it opens. */
export function EndSession() {
  // streamingHere, not streamingReply: that one changes on every delta, and so would this button.
  const busy = state.streamingHere.value || coach.debrief.value?.state === 'loading';
  return html`
    <button type="button" class="btn btn-small" data-testid="end-session" disabled=${busy} title=${t('debrief.endHelp')}
      onClick=${coach.endSession}>${t('debrief.end')}</button>
    <${DebriefDialog} />
  `;
}

/** PastDebriefs lists the room's earlier debriefs to open again. */
export function PastDebriefs() {
  const list = coach.debriefs.value;
  if (!list.length) return null;
  return html`
    <details class="past-debriefs" data-testid="past-debriefs">
      <summary>${t('debrief.past', { n: list.length })}</summary>
      <ul>${list.map((d) => html`<li><button type="button" class="link small" data-testid="past-debrief"
        onClick=${() => (coach.debrief.value = { state: 'ready', debrief: d })}>${fullTime(d.createdAt)} · ${t('debrief.pastLine', { lines: d.stats.lines })}</button></li>`)}</ul>
    </details>
  `;
}
