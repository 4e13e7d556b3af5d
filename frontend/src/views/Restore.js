// Before log-in: the copies Parley keeps of its data file (one a day, and one before each
// update of the file), with their date and size; restore one, and undo that restore. The file a
// restore replaces is never deleted: it is listed here as "replaced" and restoring it undoes.
import { useState, useEffect } from 'preact/hooks';
import { html } from '../html.js';
import * as api from '../api.js';
import { t, errorText } from '../i18n/index.js';
import { authRoute, startupError } from '../store.js';
import { fullTime } from '../format.js';

/** size is a file size for people: KB below a megabyte, MB above. */
export function size(bytes) {
  if (bytes < 1024 * 1024) return t('restore.kb', { n: Math.max(1, Math.round(bytes / 1024)) });
  return t('restore.mb', { n: (bytes / (1024 * 1024)).toFixed(1) });
}

export function RestoreView({ Layout }) {
  const [list, setList] = useState(null);
  const [err, setErr] = useState(null);
  const [busy, setBusy] = useState('');
  const [done, setDone] = useState(null); // {backup, replaced}
  const [undone, setUndone] = useState(false);
  const load = () => api.listBackups().then((l) => setList(l ?? []), (e) => setErr(api.normaliseError(e)));
  useEffect(() => { load(); }, []);

  const restore = async (b, { undo = false } = {}) => {
    setBusy(b.name);
    setErr(null);
    try {
      const res = await api.restoreBackup(b.name);
      startupError.value = null;
      setDone(undo ? null : { backup: b, replaced: res?.replaced ?? '' });
      setUndone(undo);
    } catch (e) {
      const e2 = api.normaliseError(e);
      setErr(e2);
      // The restore may have happened and the copy not opened: the list changed.
      if (String(e2.code).startsWith('store.corrupt')) startupError.value = e2;
    } finally {
      setBusy('');
      load();
    }
  };

  return html`
    <${Layout} title=${t('restore.title')}>
      <p class="lede">${t('restore.lede')}</p>
      ${err ? html`<div class="alert alert-error" role="alert" data-testid="restore-error">${errorText(err)}</div>` : null}
      ${done ? html`
        <div class="alert alert-ok" role="status" data-testid="restore-done">
          <p>${t('restore.done', { when: fullTime(done.backup.time) })}</p>
          ${done.replaced ? html`
            <button type="button" class="btn btn-small" disabled=${Boolean(busy)} data-testid="restore-undo"
              onClick=${() => restore({ name: done.replaced }, { undo: true })}>${t('restore.undo')}</button>` : null}
        </div>` : null}
      ${undone ? html`<div class="alert alert-ok" role="status" data-testid="restore-undone">${t('restore.undone')}</div>` : null}
      ${list === null && !err ? html`<p>${t('common.loading')}</p>` : null}
      ${list && !list.length ? html`<p data-testid="restore-empty">${t('restore.none')}</p>` : null}
      ${list && list.length ? html`
        <ul class="backup-list" data-testid="backup-list">
          ${list.map((b) => html`
            <li class="backup-item" data-testid="backup-item" data-name=${b.name}>
              <span class="backup-when">${fullTime(b.time)}</span>
              <span class="backup-meta"><span class="backup-kind">${t(`restore.kind.${b.kind}`)}</span> · <span class="backup-size">${size(b.size)}</span></span>
              <button type="button" class="btn btn-small" disabled=${Boolean(busy)} data-testid="backup-restore"
                onClick=${() => restore(b)}>${busy === b.name ? t('restore.restoring') : t('restore.restore')}</button>
            </li>`)}
        </ul>` : null}
      <div class="auth-links">
        <button type="button" class="link" data-testid="goto-login" onClick=${() => (authRoute.value = 'login')}>${t('auth.backToLogin')}</button>
      </div>
    <//>
  `;
}
