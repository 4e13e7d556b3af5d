// Review: the due phrases one at a time. Front: the phrase, with Listen. Space or Enter shows the
// back (meaning, reading, the sentence it came from); 1–4 answer Again / Hard / Good / Easy and
// FSRS schedules the next review. Everything works from the keyboard.
import { useState, useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import { html } from '../html.js';
import * as api from '../api.js';
import { t } from '../i18n/index.js';
import { navigate, toastError } from '../store.js';
import { refreshDue } from '../phrases.js';
import * as listen from '../listen.js';
import { LangBadge, Loading, ErrorState } from './ui.js';

export const RATINGS = [
  { value: 1, key: 'review.again' },
  { value: 2, key: 'review.hard' },
  { value: 3, key: 'review.good' },
  { value: 4, key: 'review.easy' },
];

/** nextIn says when a rated phrase comes back, in words ("in 10 min", "in 3 days"). */
export function nextIn(due, now = Date.now()) {
  const mins = Math.max(1, Math.round((Date.parse(due) - now) / 60000));
  if (mins < 60) return t('review.inMinutes', { n: mins });
  const hours = Math.round(mins / 60);
  if (hours < 24) return t('review.inHours', { n: hours });
  return t('review.inDays', { n: Math.round(hours / 24) });
}

export function ReviewView() {
  const [queue, setQueue] = useState(null);
  const [err, setErr] = useState(null);
  const [shown, setShown] = useState(false);
  const [done, setDone] = useState(0);
  const [last, setLast] = useState(null);
  const busy = useRef(false);
  const card = useRef(null);
  const load = () => api.duePhrases(50).then((d) => { setQueue(d.phrases ?? []); setErr(null); }, (e) => setErr(api.normaliseError(e)));
  useEffect(() => {
    load();
    return () => listen.stop();
  }, []);
  const p = queue?.[0];
  // In the update that shows the card, not after the next paint: a key pressed the moment the card
  // appears must reach it, not what had the focus before (the Review link).
  useLayoutEffect(() => {
    card.current?.focus();
  }, [p?.id, shown]);

  const rate = async (value) => {
    if (!p || !shown || busy.current) return;
    busy.current = true;
    try {
      const next = await api.ratePhrase(p.id, value);
      setLast({ text: p.text, due: next.card.due });
      setDone((n) => n + 1);
      setShown(false);
      listen.stop();
      // A phrase answered Again comes back in minutes: it joins the end of this session.
      const rest = queue.slice(1);
      setQueue(new Date(next.card.due) <= new Date(Date.now() + 20 * 60000) && value === 1 ? [...rest, next] : rest);
      refreshDue();
    } catch (e) {
      toastError(e);
    } finally {
      busy.current = false;
    }
  };
  const onKey = (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    if (!shown && (e.key === ' ' || e.key === 'Enter')) {
      e.preventDefault();
      setShown(true);
    } else if (shown && ['1', '2', '3', '4'].includes(e.key)) {
      e.preventDefault();
      rate(Number(e.key));
    } else if (e.key === 'l' || e.key === 'L') {
      e.preventDefault();
      if (p) listen.listenText(`p:${p.id}`, p.text);
    }
  };

  let body;
  if (err) body = html`<${ErrorState} err=${err} onRetry=${load} />`;
  else if (!queue) body = html`<${Loading} />`;
  else if (!p) {
    body = html`
      <div class="state state-empty" data-testid="review-done">
        <p>${done ? t('review.finished', { n: done }) : t('review.nothingDue')}</p>
        <button type="button" class="btn" onClick=${() => navigate({ name: 'phrasebook' })}>${t('phrases.title')}</button>
      </div>`;
  } else {
    body = html`
      <div class="card review-card" tabIndex="0" ref=${card} onKeyDown=${onKey} data-testid="review-card" data-id=${p.id}
        aria-describedby="review-help">
        <div class="review-front">
          <${LangBadge} language=${p.language} />
          <p class="review-phrase" lang=${p.language} data-testid="review-phrase">${p.text}</p>
          <button type="button" class="btn btn-small" data-testid="review-listen" onClick=${() => listen.listenText(`p:${p.id}`, p.text)}>
            🔈 ${t('listen.play')}</button>
        </div>
        ${shown ? html`
          <div class="review-back" data-testid="review-back">
            ${p.meaning ? html`<p class="review-meaning">${p.meaning}</p>` : null}
            ${p.reading ? html`<p class="muted" lang=${p.language}>${p.reading}</p>` : null}
            ${p.note ? html`<p class="hint">${p.note}</p>` : null}
            ${p.context ? html`<p class="phrase-context" lang=${p.language}>“${p.context}”</p>` : null}
          </div>
          <div class="review-rate" role="group" aria-label=${t('review.rate')}>
            ${RATINGS.map((r) => html`<button type="button" class="btn" data-testid=${`rate-${r.value}`} onClick=${() => rate(r.value)}>
              <kbd>${r.value}</kbd> ${t(r.key)}</button>`)}
          </div>` : html`
          <button type="button" class="btn btn-primary" data-testid="review-show" onClick=${() => setShown(true)}>${t('review.show')}</button>`}
      </div>
      <p class="hint" id="review-help">${t('review.keys')}</p>`;
  }
  return html`
    <section class="page" aria-labelledby="review-title" data-testid="review-view">
      <div class="page-head">
        <h1 id="review-title">${t('review.title')}</h1>
        ${queue ? html`<span class="muted" data-testid="review-left">${t('review.left', { n: queue.length })}</span>` : null}
      </div>
      ${last ? html`<p class="muted" role="status" data-testid="review-last">${t('review.next', { text: last.text, when: nextIn(last.due) })}</p>` : null}
      ${body}
    </section>
  `;
}
