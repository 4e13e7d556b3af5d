// The trash: deleted rooms wait here (30 days) to be restored or purged.
import { useState, useEffect } from 'preact/hooks';
import { html } from '../html.js';
import * as api from '../api.js';
import { t } from '../i18n/index.js';
import { relativeTime, fullTime } from '../format.js';
import { refreshRooms, toast, toastError } from '../store.js';
import { Loading, Empty, ErrorState, LangBadge } from './ui.js';

export function TrashView() {
  const [items, setItems] = useState(null);
  const [err, setErr] = useState(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const load = async () => {
    setErr(null);
    try {
      setItems((await api.listTrash()) ?? []);
    } catch (e) {
      setErr(api.normaliseError(e));
    }
  };
  useEffect(() => {
    load();
  }, []);
  const restore = async (ids) => {
    setBusy(true);
    try {
      await api.restoreRooms(ids);
      toast(t('rooms.restored', { n: ids.length }));
      await Promise.all([load(), refreshRooms()]);
    } catch (e) {
      toastError(e);
    } finally {
      setBusy(false);
    }
  };
  const empty = async () => {
    setBusy(true);
    try {
      await api.emptyTrash();
      setConfirming(false);
      toast(t('trash.emptied'));
      await load();
    } catch (e) {
      toastError(e);
    } finally {
      setBusy(false);
    }
  };
  let body;
  if (err) body = html`<${ErrorState} err=${err} onRetry=${load} testid="trash-error" />`;
  else if (!items) body = html`<${Loading} />`;
  else if (!items.length) body = html`<${Empty} title=${t('trash.empty')} testid="trash-empty"><p>${t('trash.emptyBody')}</p><//>`;
  else {
    body = html`
      <ul class="trash-list" data-testid="trash-list">
        ${items.map((r) => html`
          <li key=${r.id} class="trash-item" data-testid="trash-item" data-room-id=${r.id}>
            <${LangBadge} language=${r.language} />
            <span class="room-title">${r.title}</span>
            <time class="muted" datetime=${r.deletedAt} title=${fullTime(r.deletedAt)}>${t('trash.deletedAgo', { when: relativeTime(r.deletedAt) })}</time>
            <button type="button" class="btn btn-small" disabled=${busy} onClick=${() => restore([r.id])} data-testid="trash-restore">${t('trash.restore')}</button>
          </li>`)}
      </ul>
      <div class="form-actions">
        <button type="button" class="btn" disabled=${busy} onClick=${() => restore(items.map((r) => r.id))} data-testid="trash-restore-all">${t('trash.restoreAll')}</button>
        ${confirming ? html`
          <span class="confirm-inline" role="alert">
            ${t('trash.emptyConfirm')}
            <button type="button" class="btn btn-danger" disabled=${busy} onClick=${empty} data-testid="trash-empty-confirm">${t('trash.emptyNow')}</button>
            <button type="button" class="btn" onClick=${() => setConfirming(false)}>${t('common.cancel')}</button>
          </span>` : html`
          <button type="button" class="btn btn-danger" disabled=${busy} onClick=${() => setConfirming(true)} data-testid="trash-empty-button">${t('trash.emptyButton')}</button>`}
      </div>`;
  }
  return html`
    <section class="page" aria-labelledby="trash-title" data-testid="trash-view">
      <h1 id="trash-title">${t('trash.title')}</h1>
      <p class="muted">${t('trash.lede')}</p>
      ${body}
    </section>
  `;
}
