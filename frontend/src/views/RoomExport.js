// Export a room's transcript, as Markdown to read or JSON to keep, through the OS save dialog.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import * as api from '../api.js';
import { t } from '../i18n/index.js';
import { toast, toastError } from '../store.js';

export function RoomExportButtons({ roomId }) {
  const [busy, setBusy] = useState(false);
  const save = async (format) => {
    setBusy(true);
    try {
      const res = await api.exportRoom(roomId, format);
      if (res?.saved) toast(t('roomExport.saved', { file: res.fileName }), { testid: 'room-exported' });
    } catch (e) {
      toastError(e);
    } finally {
      setBusy(false);
    }
  };
  return html`
    <div class="room-export" data-testid="room-export">
      <span class="muted">${t('roomExport.label')}</span>
      <button type="button" class="btn btn-small" disabled=${busy} data-testid="room-export-markdown" onClick=${() => save('markdown')}>${t('roomExport.markdown')}</button>
      <button type="button" class="btn btn-small" disabled=${busy} data-testid="room-export-json" onClick=${() => save('json')}>${t('roomExport.json')}</button>
    </div>`;
}
