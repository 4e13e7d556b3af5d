// Progress per practice language: minutes, sessions, lines, words, the day streak (in the
// learner's own time zone), phrases learned and the coach's corrections per 100 words, with
// small charts of the last two weeks drawn as inline SVG (no chart library).
import { useState, useEffect } from 'preact/hooks';
import { html } from '../html.js';
import * as api from '../api.js';
import { t } from '../i18n/index.js';
import { count } from '../format.js';
import { LangBadge, Loading, ErrorState } from './ui.js';

/** Chart draws words per day as bars; each bar has its date and count as a tooltip. */
export function Chart({ days, language }) {
  const w = 280;
  const h = 72;
  const gap = 4;
  const bar = (w - gap * (days.length - 1)) / Math.max(days.length, 1);
  const max = Math.max(1, ...days.map((d) => d.words));
  return html`
    <svg class="progress-chart" viewBox=${`0 0 ${w} ${h + 14}`} role="img" data-testid="progress-chart"
      aria-label=${t('progress.chartLabel', { lang: t(`lang.${language}`) })}>
      ${days.map((d, i) => {
        const bh = d.words ? Math.max(2, Math.round((d.words / max) * h)) : 0;
        return html`<rect x=${i * (bar + gap)} y=${h - bh} width=${bar} height=${bh} rx="2" class=${d.words ? 'bar' : 'bar empty'}
          data-date=${d.date} data-words=${d.words}><title>${t('progress.dayTip', { date: d.date, n: d.words })}</title></rect>`;
      })}
      <line x1="0" y1=${h + 0.5} x2=${w} y2=${h + 0.5} class="axis" />
      <text x="0" y=${h + 12} class="tick">${days[0]?.date.slice(5) ?? ''}</text>
      <text x=${w} y=${h + 12} class="tick" text-anchor="end">${t('progress.today')}</text>
    </svg>
  `;
}

/**
 * RateChart draws corrections per 100 words per day as a line over the same days as Chart: a dot
 * on each day the coach checked something (its rate as a tooltip), joined in order; days with
 * nothing checked have no dot, so "no data" never reads as "no mistakes".
 */
export function RateChart({ days, language }) {
  const w = 280;
  const h = 72;
  const step = w / Math.max(days.length, 1);
  const points = days.map((d, i) => ({ d, x: i * step + step / 2 })).filter((p) => p.d.per100 != null);
  const max = Math.max(1, ...points.map((p) => p.d.per100));
  const y = (v) => Math.round((h - (v / max) * (h - 6)) * 10) / 10;
  return html`
    <svg class="progress-chart rate-chart" viewBox=${`0 0 ${w} ${h + 14}`} role="img" data-testid="progress-rate-chart"
      aria-label=${t('progress.rateLabel', { lang: t(`lang.${language}`) })}>
      ${points.length > 1 ? html`<polyline class="rate-line" fill="none" points=${points.map((p) => `${p.x},${y(p.d.per100)}`).join(' ')} />` : null}
      ${points.map((p) => html`<circle cx=${p.x} cy=${y(p.d.per100)} r="3" class="rate-dot" data-date=${p.d.date} data-per100=${p.d.per100}>
        <title>${t('progress.rateTip', { date: p.d.date, n: p.d.per100, c: p.d.corrections, w: p.d.checkedWords })}</title></circle>`)}
      <line x1="0" y1=${h + 0.5} x2=${w} y2=${h + 0.5} class="axis" />
      <text x="0" y="8" class="tick">${max}</text>
      <text x="0" y=${h + 12} class="tick">${days[0]?.date.slice(5) ?? ''}</text>
      <text x=${w} y=${h + 12} class="tick" text-anchor="end">${t('progress.today')}</text>
    </svg>
  `;
}

function Stat({ label, value, testid }) {
  return html`<div class="stat"><span class="stat-value" data-testid=${testid}>${value}</span><span class="stat-label">${label}</span></div>`;
}

export function ProgressView() {
  const [list, setList] = useState(null);
  const [err, setErr] = useState(null);
  const load = () => api.progress().then((l) => { setList(l ?? []); setErr(null); }, (e) => setErr(api.normaliseError(e)));
  useEffect(() => {
    load();
  }, []);
  let body;
  if (err) body = html`<${ErrorState} err=${err} onRetry=${load} />`;
  else if (!list) body = html`<${Loading} />`;
  else if (!list.length) body = html`<p class="state state-empty" data-testid="progress-empty">${t('progress.empty')}</p>`;
  else {
    body = list.map((p) => html`
      <section class="card progress-card" data-testid="progress-language" data-language=${p.language} aria-label=${t(`lang.${p.language}`)}>
        <h2 class="card-title"><${LangBadge} language=${p.language} /> ${t(`lang.${p.language}`)}</h2>
        <div class="stats">
          <${Stat} label=${t('progress.streak')} value=${p.streak} testid="progress-streak" />
          <${Stat} label=${t('progress.minutes')} value=${count(p.minutes)} testid="progress-minutes" />
          <${Stat} label=${t('progress.sessions')} value=${count(p.sessions)} testid="progress-sessions" />
          <${Stat} label=${t('progress.lines')} value=${count(p.lines)} testid="progress-lines" />
          <${Stat} label=${t('progress.words')} value=${count(p.words)} testid="progress-words" />
          <${Stat} label=${t('progress.phrases')} value=${`${p.phrasesLearned} / ${p.phrasesSaved}`} testid="progress-phrases" />
          <${Stat} label=${t('progress.per100')} value=${p.per100 == null ? '—' : p.per100} testid="progress-per100" />
        </div>
        ${p.streak && !p.practicedToday ? html`<p class="hint">${t('progress.keepStreak')}</p>` : null}
        <h3 class="progress-sub">${t('progress.chartTitle')}</h3>
        <${Chart} days=${p.days ?? []} language=${p.language} />
        <h3 class="progress-sub">${t('progress.rateTitle')}</h3>
        ${p.per100 == null ? html`<p class="hint" data-testid="progress-rate-empty">${t('progress.rateEmpty')}</p>`
          : html`<${RateChart} days=${p.days ?? []} language=${p.language} />`}
      </section>`);
  }
  return html`
    <section class="page" aria-labelledby="progress-title" data-testid="progress-view">
      <h1 id="progress-title">${t('progress.title')}</h1>
      ${body}
    </section>
  `;
}
