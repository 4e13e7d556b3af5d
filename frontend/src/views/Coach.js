// The coach on screen: feedback under the learner's lines (the corrected line with what changed
// highlighted, explanations on demand, a quiet "✓ natural"), the Check button when the room's
// coach works on request, the coach mode switch, and the scene's goals as a live checklist.
import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { t, errorText, lang } from '../i18n/index.js';
import * as api from '../api.js';
import { diff } from '../diff.js';
import * as coach from '../coach.js';
import { toastError } from '../store.js';
import { Spinner } from './ui.js';
import { PastDebriefs } from './Debrief.js';
import { SavePhraseButton } from './SavePhrase.js';
import * as chatState from '../chat/state.js';
import '../coach.css';

/** CorrectedLine shows the correction against the line as written, removed and inserted text marked. */
function CorrectedLine({ line, corrected, language }) {
  return html`
    <p class="coach-corrected" data-testid="coach-corrected" lang=${language}>
      ${diff(line, corrected, language).map((r) => {
        if (r.op === 'del') return html`<del class="coach-del" data-testid="coach-del">${r.text}</del>`;
        if (r.op === 'ins') return html`<ins class="coach-ins" data-testid="coach-ins">${r.text}</ins>`;
        return r.text;
      })}
    </p>
  `;
}

/** correction is the phrasebook entry for a corrected form: the learner's own line is its context. */
function correction(fb, text, note = '') {
  return { text, note, context: fb.line, language: fb.language, roomId: fb.roomId || chatState.roomId.value || '', source: 'correction' };
}

function Changes({ fb }) {
  return html`
    <ul class="coach-changes" data-testid="coach-changes">
      ${fb.changes.map((c) => html`
        <li data-category=${c.category}>
          <span class="coach-cat">${t(`coach.cat.${c.category}`)}</span>
          <span lang=${fb.language}><s>${c.original}</s> → <b>${c.corrected}</b></span>
          ${c.explanation ? html`<span class="coach-why" data-testid="coach-explanation">${c.explanation}</span>` : null}
          <${SavePhraseButton} input=${correction(fb, c.corrected, c.explanation ?? '')} testid="save-change" />
        </li>`)}
    </ul>
  `;
}

/** LineFeedback is what the coach says under one of the learner's lines. */
export function LineFeedback({ msg }) {
  const [open, setOpen] = useState(false);
  const fb = coach.feedback.value.get(msg.id);
  const mode = coach.mode.value;
  if (!msg.text || msg.status !== 'done') return null;
  if (!fb) {
    if (mode !== 'request') return null;
    return html`<div class="coach" data-testid="coach-feedback" data-status="none">
      <button type="button" class="link small" data-testid="coach-check" onClick=${() => coach.check(msg.id)}>${t('coach.check')}</button>
    </div>`;
  }
  if (fb.status === 'checking') {
    return html`<div class="coach" data-testid="coach-feedback" data-status="checking"><${Spinner} label=${t('coach.checking')} /></div>`;
  }
  if (fb.status === 'unavailable') {
    return html`<div class="coach coach-unavailable" data-testid="coach-feedback" data-status="unavailable" data-code=${fb.errorCode}>
      <span title=${errorText({ code: fb.errorCode || 'internal' })}>${t('coach.unavailable')}</span>
      <button type="button" class="link small" data-testid="coach-retry" onClick=${() => coach.check(msg.id)}>${t('common.retry')}</button>
    </div>`;
  }
  if (fb.verdict === 'natural') {
    return html`<div class="coach coach-natural" data-testid="coach-feedback" data-status="ready" data-verdict="natural">${t('coach.natural')}</div>`;
  }
  const changes = fb.changes ?? [];
  const line = fb.line || msg.text;
  const withLine = { ...fb, line };
  return html`
    <div class=${`coach coach-${fb.verdict}`} data-testid="coach-feedback" data-status="ready" data-verdict=${fb.verdict}>
      ${fb.verdict === 'corrected' ? html`<div class="coach-line-row"><${CorrectedLine} line=${line} corrected=${fb.corrected} language=${fb.language} />
        <${SavePhraseButton} input=${correction(withLine, fb.corrected)} testid="save-corrected" /></div>` : null}
      ${fb.alternative ? html`<p class="coach-alt"><span class="coach-label">${t('coach.moreNatural')}</span>
        <span lang=${fb.language} data-testid="coach-alternative">${fb.alternative}</span>
        <${SavePhraseButton} input=${correction(withLine, fb.alternative)} testid="save-alternative" /></p>` : null}
      ${changes.length ? html`
        <button type="button" class="link small" aria-expanded=${open ? 'true' : 'false'} data-testid="coach-why"
          onClick=${() => setOpen(!open)}>${open ? t('coach.hideWhy') : t('coach.why', { n: changes.length })}</button>
        ${open ? html`<${Changes} fb=${{ ...withLine, changes }} />` : null}` : null}
    </div>
  `;
}

/** CoachMode switches the open room's coach between on, on request and off. */
export function CoachMode() {
  const change = async (e) => {
    try {
      await coach.setMode(e.currentTarget.value);
    } catch (err) {
      toastError(err);
    }
  };
  return html`
    <label class="coach-mode">
      <span>${t('coach.mode')}</span>
      <select data-testid="coach-mode" value=${coach.mode.value} onChange=${change}>
        ${['on', 'request', 'off'].map((m) => html`<option value=${m} selected=${coach.mode.value === m}>${t(`coach.mode.${m}`)}</option>`)}
      </select>
    </label>
  `;
}

/** Goals is the scene's checklist; it ticks as the coach finds each goal met. */
export function Goals() {
  const list = coach.goals.value;
  if (!list.length) return null;
  const done = list.every((g) => g.met);
  return html`
    <div class="coach-goals" data-testid="goals">
      <h2 class="coach-goals-title">${t('coach.goals', { met: list.filter((g) => g.met).length, all: list.length })}</h2>
      <ul>
        ${list.map((g) => html`
          <li class=${g.met ? 'met' : ''} data-testid="goal" data-met=${g.met ? 'true' : 'false'}>
            <span aria-hidden="true" class="goal-box">${g.met ? '✓' : ''}</span>
            <span>${g.text}</span>
            <span class="visually-hidden">${g.met ? t('coach.goalMet') : t('coach.goalOpen')}</span>
          </li>`)}
      </ul>
      ${done ? html`<p class="coach-goals-done" data-testid="goals-done">${t('coach.goalsDone')}
        <button type="button" class="btn btn-small" data-testid="goals-debrief" onClick=${coach.endSession}>${t('debrief.see')}</button></p>` : null}
    </div>
  `;
}

/** GoalsPeek is the goal count shown while the scenario card is folded. */
export function GoalsPeek() {
  const list = coach.goals.value;
  if (!list.length) return null;
  const met = list.filter((g) => g.met).length;
  return html`<span class=${`goals-peek${met === list.length ? ' done' : ''}`} data-testid="goals-peek"
    title=${t('coach.goals', { met, all: list.length })}>✓ ${met}/${list.length}</span>`;
}

/** CoachCard is the coach's part of the scenario card: the goals and the past debriefs. */
export function CoachCard() {
  return html`<${Goals} /><${PastDebriefs} />`;
}

/** useCoach loads the coach's view of a room when it opens, and tells it the UI's language. */
export function useCoach(roomId) {
  useEffect(() => {
    coach.listenCoach();
    coach.loadCoaching(roomId);
  }, [roomId]);
  const shown = lang.value;
  useEffect(() => {
    // Explanations follow the language the UI shows even when the setting follows the OS.
    api.showingLanguage(shown).catch(() => {});
  }, [shown]);
}
