// Account: who I am, change password, delete the account (password confirmed), log out.
import { useState, useEffect } from 'preact/hooks';
import { html } from '../html.js';
import * as api from '../api.js';
import { t } from '../i18n/index.js';
import { longDate } from '../format.js';
import { user, logOut, leave, toast, refreshRooms } from '../store.js';
import { closeRoom } from '../chat/room.js';
import { TextField, FormError, useSubmit } from './ui.js';
import { ExportCard, ImportCard } from './Transfer.js';

function ChangePassword() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  // Go names the fields of ChangePasswordRequest "current" and "next".
  const { busy, err, setErr, submit } = useSubmit(async () => {
    if (next !== confirm) {
      setErr(new api.AppError({ code: 'ui.passwords_differ', field: 'confirm' }));
      return;
    }
    await api.changePassword(current, next);
    setCurrent('');
    setNext('');
    setConfirm('');
    toast(t('account.passwordChanged'), { testid: 'password-changed' });
  }, { passwordField: 'current' });
  return html`
    <form class="card" onSubmit=${submit} noValidate data-testid="password-form">
      <h2 class="card-title">${t('account.changePassword')}</h2>
      <${TextField} name="current" type="password" label=${t('field.currentPassword')} value=${current} onInput=${setCurrent}
        err=${err} testid="password-current" autocomplete="current-password" required />
      <${TextField} name="next" type="password" label=${t('field.newPassword')} value=${next} onInput=${setNext}
        err=${err} testid="password-next" autocomplete="new-password" required hint=${t('auth.passwordHint')} />
      <${TextField} name="confirm" type="password" label=${t('field.confirm')} value=${confirm} onInput=${setConfirm}
        err=${err} testid="password-confirm" autocomplete="new-password" required />
      <${FormError} err=${err} fields=${['current', 'next', 'confirm']} testid="password-error" />
      <div class="form-actions">
        <button type="submit" class="btn btn-primary" disabled=${busy || !current || !next} data-testid="password-submit">
          ${busy ? t('common.saving') : t('account.changePassword')}
        </button>
      </div>
    </form>
  `;
}

function DeleteAccount() {
  const [password, setPassword] = useState('');
  const [sure, setSure] = useState(false);
  const [fromBackups, setFromBackups] = useState(false);
  const { busy, err, submit } = useSubmit(async () => {
    await api.deleteAccount(password, fromBackups);
    closeRoom();
    leave();
    toast(t('account.deleted'));
  }, { passwordField: 'password' });
  return html`
    <form class="card danger-zone" onSubmit=${submit} noValidate data-testid="delete-account-form">
      <h2 class="card-title">${t('account.delete')}</h2>
      <p>${t('account.deleteWarning')}</p>
      <${TextField} name="password" type="password" label=${t('field.password')} value=${password} onInput=${setPassword}
        err=${err} testid="delete-password" autocomplete="current-password" required />
      <label class="check">
        <input type="checkbox" checked=${sure} onChange=${(e) => setSure(e.currentTarget.checked)} data-testid="delete-confirm" />
        <span>${t('account.deleteConfirm')}</span>
      </label>
      <label class="check">
        <input type="checkbox" checked=${fromBackups} onChange=${(e) => setFromBackups(e.currentTarget.checked)} data-testid="delete-from-backups" />
        <span>${t('account.deleteFromBackups')}</span>
      </label>
      <${FormError} err=${err} fields=${['password']} testid="delete-error" />
      <div class="form-actions">
        <button type="submit" class="btn btn-danger" disabled=${busy || !sure || !password} data-testid="delete-account">
          ${busy ? t('account.deleting') : t('account.delete')}
        </button>
      </div>
    </form>
  `;
}

/** About: the version and where the data file lives, for backups and support. */
function About() {
  const [info, setInfo] = useState(null);
  useEffect(() => {
    api.appInfo().then(setInfo, () => setInfo(null));
  }, []);
  if (!info) return null;
  return html`
    <div class="card">
      <h2 class="card-title">${t('account.about')}</h2>
      <dl class="facts">
        <div><dt>${t('account.version')}</dt><dd data-testid="app-version">${info.version}</dd></div>
        <div class="wide"><dt>${t('account.dataPath')}</dt><dd class="path" data-testid="app-datapath">${info.dataPath}</dd></div>
      </dl>
      <p class="hint">${t('account.dataHint')}</p>
    </div>
  `;
}

export function AccountView() {
  const u = user.value;
  return html`
    <section class="page" aria-labelledby="account-title" data-testid="account-view">
      <h1 id="account-title">${t('account.title')}</h1>
      <div class="card">
        <dl class="facts">
          <div><dt>${t('field.displayName')}</dt><dd data-testid="account-displayname">${u?.displayName || '—'}</dd></div>
          <div><dt>${t('field.username')}</dt><dd data-testid="account-username">${u?.username}</dd></div>
          <div><dt>${t('account.since')}</dt><dd>${longDate(u?.createdAt)}</dd></div>
        </dl>
        <div class="form-actions">
          <button type="button" class="btn" onClick=${() => { closeRoom(); logOut(); }} data-testid="account-logout">${t('account.logout')}</button>
        </div>
      </div>
      <${ChangePassword} />
      <${ExportCard} />
      <${ImportCard} onImported=${refreshRooms} />
      <${DeleteAccount} />
      <${About} />
    </section>
  `;
}
