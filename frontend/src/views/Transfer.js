// Moving an account between computers: export it to one passphrase-sealed .parley file, merge
// an export into this account (Account page), or make a new account from one (log-in screen).
// Go opens the OS file dialogs and reads or writes the file; progress comes as events.
import { useState, useEffect } from 'preact/hooks';
import { html } from '../html.js';
import * as api from '../api.js';
import { t } from '../i18n/index.js';
import { TextField, FormError, useSubmit } from './ui.js';

/** useProgress follows transfer:progress events while a transfer runs. */
export function useProgress() {
  const [p, setP] = useState(null);
  useEffect(() => api.on(api.TRANSFER_PROGRESS, (e) => setP(e)), []);
  return [p, setP];
}

export function Progress({ p }) {
  if (!p || !p.total) return null;
  return html`
    <div class="transfer-progress" data-testid="transfer-progress">
      <progress max=${p.total} value=${p.done}></progress>
      <span>${t(`transfer.progress.${p.phase}`, { done: p.done, total: p.total })}</span>
    </div>`;
}

/** conflictText lists what an import kept as it was, by kind ("2 rooms, 1 settings"). */
export function conflictText(report) {
  const parts = Object.entries(report?.conflictsByBucket ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([bucket, n]) => t('transfer.conflictPart', { n, what: t(`transfer.bucket.${bucket}`) === `transfer.bucket.${bucket}` ? bucket : t(`transfer.bucket.${bucket}`) }));
  return parts.join(', ');
}

/** ImportReport says what an import added, found already there, and kept in a conflict. */
export function ImportReport({ report }) {
  return html`
    <div class="alert alert-ok" role="status" data-testid="import-report">
      <p>${t('transfer.imported', { added: report.added, rooms: report.rooms, same: report.same })}</p>
      ${report.conflicts ? html`<p data-testid="import-conflicts">${t('transfer.conflicts', { n: report.conflicts, list: conflictText(report) })}</p>` : null}
    </div>`;
}

export function ExportCard() {
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [includeKey, setIncludeKey] = useState(false);
  const [done, setDone] = useState(null);
  const [progress, setProgress] = useProgress();
  const { busy, err, setErr, submit } = useSubmit(async () => {
    setDone(null);
    setProgress(null);
    if (passphrase !== confirm) {
      setErr(new api.AppError({ code: 'ui.passphrases_differ', field: 'confirmPassphrase' }));
      return;
    }
    const res = await api.exportAccount(passphrase, includeKey);
    if (res?.saved) {
      setDone(res);
      setPassphrase('');
      setConfirm('');
    }
  });
  return html`
    <form class="card" onSubmit=${submit} noValidate data-testid="export-form">
      <h2 class="card-title">${t('transfer.exportTitle')}</h2>
      <p>${t('transfer.exportLede')}</p>
      <${TextField} name="passphrase" type="password" label=${t('transfer.passphrase')} value=${passphrase} onInput=${setPassphrase}
        err=${err} testid="export-passphrase" autocomplete="new-password" required hint=${t('transfer.passphraseHint')} />
      <${TextField} name="confirmPassphrase" type="password" label=${t('transfer.confirmPassphrase')} value=${confirm} onInput=${setConfirm}
        err=${err} testid="export-confirm" autocomplete="new-password" required />
      <label class="check">
        <input type="checkbox" checked=${includeKey} onChange=${(e) => setIncludeKey(e.currentTarget.checked)} data-testid="export-include-key" />
        <span>${t('transfer.includeKey')}</span>
      </label>
      <${FormError} err=${err} fields=${['passphrase', 'confirmPassphrase']} testid="export-error" />
      ${busy ? html`<${Progress} p=${progress} />` : null}
      ${done ? html`<div class="alert alert-ok" role="status" data-testid="export-done">${t('transfer.exported', { file: done.fileName, n: done.summary.values })}
        ${done.summary.unreadable ? html`<p>${t('transfer.unreadable', { n: done.summary.unreadable })}</p>` : null}</div>` : null}
      <div class="form-actions">
        <button type="submit" class="btn btn-primary" disabled=${busy || !passphrase || !confirm} data-testid="export-submit">
          ${busy ? t('transfer.exporting') : t('transfer.export')}
        </button>
      </div>
    </form>
  `;
}

/** ImportCard merges an export into the logged-in account. */
export function ImportCard({ onImported }) {
  const [passphrase, setPassphrase] = useState('');
  const [report, setReport] = useState(null);
  const [progress, setProgress] = useProgress();
  const { busy, err, submit } = useSubmit(async () => {
    setReport(null);
    setProgress(null);
    const res = await api.importAccount(passphrase);
    if (res?.opened) {
      setReport(res.report);
      setPassphrase('');
      onImported?.();
    }
  });
  return html`
    <form class="card" onSubmit=${submit} noValidate data-testid="import-form">
      <h2 class="card-title">${t('transfer.importTitle')}</h2>
      <p>${t('transfer.importLede')}</p>
      <${TextField} name="passphrase" type="password" label=${t('transfer.passphrase')} value=${passphrase} onInput=${setPassphrase}
        err=${err} testid="import-passphrase" autocomplete="off" required />
      <${FormError} err=${err} fields=${['passphrase']} testid="import-error" />
      ${busy ? html`<${Progress} p=${progress} />` : null}
      ${report ? html`<${ImportReport} report=${report} />` : null}
      <div class="form-actions">
        <button type="submit" class="btn" disabled=${busy || !passphrase} data-testid="import-submit">
          ${busy ? t('transfer.importing') : t('transfer.chooseAndImport')}
        </button>
      </div>
    </form>
  `;
}
