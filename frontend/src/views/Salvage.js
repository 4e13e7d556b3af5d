// Before log-in, when the data file is damaged: copy every account, room and message that can
// still be read into a new file, keep the damaged one (in the backups folder, untouched), and say
// what could not be recovered. Restoring the newest backup is offered beside it.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import * as api from '../api.js';
import { t, errorText } from '../i18n/index.js';
import { authRoute, startupError } from '../store.js';

/** lostText names what a salvage could not read ("the room list, 2 conversations"). */
export function lostText(lostIn) {
  return Object.entries(lostIn ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, n]) => {
      const key = `salvage.lost.${kind}`;
      const s = t(key, { n });
      return s === key ? t('salvage.lost.other', { n, kind }) : s;
    })
    .join(', ');
}

export function SalvageView({ Layout }) {
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState(null);
  const [result, setResult] = useState(null);
  const salvage = async () => {
    setBusy(true);
    setErr(null);
    try {
      const res = await api.salvageDataFile();
      setResult(res);
      startupError.value = null;
    } catch (e) {
      setErr(api.normaliseError(e));
    } finally {
      setBusy(false);
    }
  };
  const rep = result?.report;
  return html`
    <${Layout} title=${t('salvage.title')}>
      <p class="lede">${t('salvage.lede')}</p>
      ${err ? html`<div class="alert alert-error" role="alert" data-testid="salvage-error">${errorText(err)}</div>` : null}
      ${rep ? html`
        <div class=${`alert ${rep.lostParts || rep.lostValues ? 'alert-warning' : 'alert-ok'}`} role="status" data-testid="salvage-report">
          <p>${t('salvage.kept', { accounts: rep.accounts, values: rep.values })}</p>
          ${rep.lostParts || rep.lostValues ? html`<p data-testid="salvage-lost">${t('salvage.lostIntro')} ${lostText(rep.lostIn)}${rep.lostValues ? ` ${t('salvage.lostValues', { n: rep.lostValues })}` : ''}</p>` : html`<p>${t('salvage.nothingLost')}</p>`}
          <p>${t('salvage.keptAside')}</p>
        </div>` : null}
      <div class="row">
        ${rep ? html`
          <button type="button" class="btn btn-primary" data-testid="salvage-login" onClick=${() => (authRoute.value = 'login')}>${t('auth.login')}</button>`
        : html`
          <button type="button" class="btn btn-primary" disabled=${busy} data-testid="salvage-start" onClick=${salvage}>
            ${busy ? t('salvage.working') : t('salvage.start')}
          </button>`}
        <button type="button" class="btn" data-testid="salvage-restore" onClick=${() => (authRoute.value = 'restore')}>${t('restore.goto')}</button>
      </div>
      <div class="auth-links">
        <button type="button" class="link" data-testid="goto-login" onClick=${() => (authRoute.value = 'login')}>${t('auth.backToLogin')}</button>
      </div>
    <//>
  `;
}
