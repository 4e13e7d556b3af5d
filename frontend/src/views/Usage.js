// The usage panel: what the learner's conversations cost, in one place instead of on every
// bubble: this room (when opened from a room), this month, and per model; a cost Go cannot
// price (local servers, unknown models) reads "unknown", never $0.
import { useState, useEffect } from 'preact/hooks';
import { html } from '../html.js';
import * as api from '../api.js';
import { t, lang, errorText } from '../i18n/index.js';
import { count, usd } from '../format.js';
import { rooms, settings, navigate } from '../store.js';
import { Loading, ErrorState } from './ui.js';

/** monthName is "November 2026" / "2026년 11월" for "2026-11". */
export function monthName(month) {
  const [y, m] = String(month).split('-').map(Number);
  if (!y || !m) return month;
  return new Intl.DateTimeFormat(lang.value, { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(Date.UTC(y, m - 1, 1));
}

const cost = (line) => (line.costKnown ? usd(line.estimatedCostUsd ?? 0) : t('usage.unknown'));

function Line({ label, line, testid }) {
  return html`
    <tr data-testid=${testid}>
      <th scope="row">${label}</th>
      <td>${count(line.promptTokens ?? 0)}</td>
      <td>${count(line.completionTokens ?? 0)}</td>
      <td data-cost-known=${line.costKnown ? 'true' : 'false'}>${cost(line)}</td>
    </tr>`;
}

function Table({ caption, children }) {
  return html`
    <table class="usage-table">
      <caption>${caption}</caption>
      <thead><tr><th scope="col">${t('usage.what')}</th><th scope="col">${t('usage.in')}</th>
        <th scope="col">${t('usage.out')}</th><th scope="col">${t('usage.cost')}</th></tr></thead>
      <tbody>${children}</tbody>
    </table>`;
}

/** UsagePanel shows the report; roomId adds that room's own total first. */
export function UsagePanel({ roomId }) {
  const [report, setReport] = useState(null);
  const [roomLine, setRoomLine] = useState(null);
  const [err, setErr] = useState(null);
  const load = async () => {
    setErr(null);
    try {
      const [r, ru] = await Promise.all([api.usageReport(), roomId ? api.roomUsage(roomId) : null]);
      setReport(r);
      setRoomLine(ru);
    } catch (e) {
      setErr(api.normaliseError(e));
    }
  };
  useEffect(() => { load(); }, [roomId]);
  if (err) return html`<${ErrorState} err=${err} onRetry=${load} testid="usage-error" />`;
  if (!report) return html`<${Loading} />`;
  const room = roomId ? rooms.value.find((r) => r.id === roomId) : null;
  const current = report.months.find((m) => m.month === report.currentMonth)
    ?? { month: report.currentMonth, total: { promptTokens: 0, completionTokens: 0, estimatedCostUsd: 0, costKnown: true }, models: [] };
  const earlier = report.months.filter((m) => m.month !== report.currentMonth);
  return html`
    <div class="usage-panel" data-testid="usage-panel">
      <p class="muted">${t('usage.lede')}</p>
      ${roomLine ? html`<${Table} caption=${t('usage.thisRoom')}>
        <${Line} label=${room?.title ?? t('usage.thisRoom')} line=${roomLine} testid="usage-room" /><//>` : null}
      <${Table} caption=${t('usage.thisMonth', { month: monthName(current.month) })}>
        <${Line} label=${t('usage.total')} line=${current.total} testid="usage-month" />
        ${current.models.map((m) => html`<${Line} key=${m.model} label=${m.model} line=${m} testid="usage-model" />`)}
      <//>
      ${earlier.length ? html`<${Table} caption=${t('usage.earlier')}>
        ${earlier.map((m) => html`<${Line} key=${m.month} label=${monthName(m.month)} line=${m.total} testid="usage-earlier" />`)}<//>` : null}
      <p class="hint">${t('usage.help')}</p>
    </div>`;
}

/** TokensToggle lets a learner who wants them see token figures on the chat again. */
export function TokensToggle() {
  const s = settings.value;
  const [err, setErr] = useState(null);
  const toggle = async (on) => {
    try {
      settings.value = await api.saveSettings({ ...s, apiKey: '', clearKey: false, showTokens: on });
    } catch (e) {
      setErr(api.normaliseError(e));
    }
  };
  return html`
    <label class="check">
      <input type="checkbox" checked=${Boolean(s?.showTokens)} data-testid="settings-show-tokens"
        onChange=${(e) => toggle(e.currentTarget.checked)} />
      <span>${t('usage.showTokens')}</span>
    </label>
    ${err ? html`<p class="field-error" role="alert">${errorText(err)}</p>` : null}`;
}

/** UsageView is the panel as a page, opened from a room's menu. */
export function UsageView({ roomId }) {
  return html`
    <section class="page" aria-labelledby="usage-title" data-testid="usage-view">
      <h1 id="usage-title">${t('usage.title')}</h1>
      <div class="card"><${UsagePanel} roomId=${roomId} /></div>
      ${roomId ? html`<button type="button" class="btn" onClick=${() => navigate({ name: 'chat', roomId })}>${t('usage.back')}</button>` : null}
    </section>`;
}
