// Before log-in: make a new local account on this computer from a .parley export, with a new
// username and password here and the passphrase the export was sealed with. The new account's
// recovery code is shown once, as at sign-up.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import * as api from '../api.js';
import { t } from '../i18n/index.js';
import { authRoute, enter } from '../store.js';
import { TextField, FormError, useSubmit } from './ui.js';
import { Progress, ImportReport, useProgress } from './Transfer.js';

export function ImportNewForm({ Layout, RecoveryStep }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [result, setResult] = useState(null);
  const [showCode, setShowCode] = useState(false);
  const [progress, setProgress] = useProgress();
  const { busy, err, setErr, submit } = useSubmit(async () => {
    setProgress(null);
    if (password !== confirm) {
      setErr(new api.AppError({ code: 'ui.passwords_differ', field: 'confirm' }));
      return;
    }
    const res = await api.importNewAccount(username, password, passphrase);
    if (res?.opened) setResult(res.account);
  });
  if (result && showCode) {
    return html`<${RecoveryStep} code=${result.recoveryCode} title=${t('recovery.title')} onDone=${() => enter(result.user, { isNew: true })} />`;
  }
  if (result) {
    return html`
      <${Layout} title=${t('transfer.importNewTitle')}>
        <${ImportReport} report=${result.report} />
        <button type="button" class="btn btn-primary btn-block" onClick=${() => setShowCode(true)} data-testid="import-new-continue">
          ${t('recovery.continue')}
        </button>
      <//>`;
  }
  return html`
    <${Layout} title=${t('transfer.importNewTitle')}>
      <p class="lede">${t('transfer.importNewLede')}</p>
      <form onSubmit=${submit} noValidate data-testid="import-new-form">
        <${TextField} name="username" label=${t('field.username')} value=${username} onInput=${setUsername}
          err=${err} testid="import-new-username" autocomplete="username" autofocus required />
        <${TextField} name="password" type="password" label=${t('field.password')} value=${password} onInput=${setPassword}
          err=${err} testid="import-new-password" autocomplete="new-password" required hint=${t('auth.passwordHint')} />
        <${TextField} name="confirm" type="password" label=${t('field.confirm')} value=${confirm} onInput=${setConfirm}
          err=${err} testid="import-new-confirm" autocomplete="new-password" required />
        <${TextField} name="passphrase" type="password" label=${t('transfer.passphrase')} value=${passphrase} onInput=${setPassphrase}
          err=${err} testid="import-new-passphrase" autocomplete="off" required hint=${t('transfer.passphraseOfFile')} />
        <${FormError} err=${err} fields=${['username', 'password', 'confirm', 'passphrase']} testid="import-new-error" />
        ${busy ? html`<${Progress} p=${progress} />` : null}
        <button type="submit" class="btn btn-primary btn-block" disabled=${busy || !username || !password || !passphrase} data-testid="import-new-submit">
          ${busy ? t('transfer.importing') : t('transfer.chooseAndImport')}
        </button>
      </form>
      <div class="auth-links">
        <button type="button" class="link" data-testid="goto-login" onClick=${() => (authRoute.value = 'login')}>${t('auth.backToLogin')}</button>
      </div>
    <//>
  `;
}
