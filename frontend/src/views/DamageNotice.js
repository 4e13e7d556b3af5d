// Names damage the room list would otherwise hide, and a skipped daily backup: rooms whose record cannot be read are left
// out of the list and conversations whose summary cannot be read show empty, so the learner is
// told how many, instead of finding fewer rooms as if nothing happened.
import { useState, useEffect } from 'preact/hooks';
import { html } from '../html.js';
import { t } from '../i18n/index.js';
import * as api from '../api.js';
import { rooms } from '../store.js';

export function DamageNotice() {
  const [damage, setDamage] = useState({ rooms: 0, conversations: 0 });
  const list = rooms.value;
  useEffect(() => {
    let live = true;
    api.dataDamage().then((d) => live && setDamage(d ?? { rooms: 0, conversations: 0 }), () => {});
    return () => { live = false; };
  }, [list]);
  if (!damage.rooms && !damage.conversations && !damage.backupSkipped && !damage.accountData) return null;
  return html`
    <div class="damage-notice" role="status" data-testid="damage-notice">
      ${damage.accountData ? html`<p data-testid="account-data-damaged">${t('damage.accountData')}</p>` : null}
      ${damage.rooms ? html`<p>${t('damage.rooms', { n: damage.rooms })}</p>` : null}
      ${damage.conversations ? html`<p>${t('damage.conversations', { n: damage.conversations })}</p>` : null}
      ${damage.backupSkipped ? html`<p data-testid="backup-skipped">${t(`damage.backup.${damage.backupSkipped === 'low_space' ? 'lowSpace' : 'error'}`)}</p>` : null}
    </div>`;
}
