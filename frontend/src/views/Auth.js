// Logged-out screens: log in, sign up (with the one-time recovery code step) and recovery.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import * as api from '../api.js';
import { t, lang, setLanguage, LANGS, errorText } from '../i18n/index.js';
import { authRoute, enter, startupError } from '../store.js';
import { TextField, FormError, useSubmit } from './ui.js';
import { ImportNewForm } from './ImportNew.js';
import { RestoreView } from './Restore.js';
import { SalvageView } from './Salvage.js';

/** startupText says why Parley cannot start: a data file in use or damaged has its own sentence. */
function startupText(err) {
  return String(err?.code ?? '').startsWith('store.') ? errorText(err) : t('app.bridgeError');
}

function LanguageSwitch() {
  return html`
    <label class="lang-switch">
      <span class="visually-hidden">${t('settings.uiLanguage')}</span>
      <select data-testid="auth-language" value=${lang.value} onChange=${(e) => setLanguage(e.currentTarget.value)}>
        ${LANGS.map((l) => html`<option value=${l} selected=${l === lang.value}>${t(`langName.${l}`)}</option>`)}
      </select>
    </label>
  `;
}

function AuthLayout({ title, children }) {
  return html`
    <div class="auth">
      <header class="auth-top">
        <span class="brand">Parley</span>
        <${LanguageSwitch} />
      </header>
      <main class="auth-card" aria-labelledby="auth-title">
        <h1 id="auth-title">${title}</h1>
        ${startupError.value ? html`<div class="alert alert-error" role="alert" data-testid="startup-error">${startupText(startupError.value)}
          ${startupError.value.code === 'store.corrupt' && !['restore', 'salvage'].includes(authRoute.value) ? html`
            <p class="row">
              <button type="button" class="btn btn-small" data-testid="startup-salvage" onClick=${() => (authRoute.value = 'salvage')}>${t('salvage.goto')}</button>
              <button type="button" class="btn btn-small" data-testid="startup-restore" onClick=${() => (authRoute.value = 'restore')}>${t('restore.goto')}</button>
            </p>` : null}</div>` : null}
        ${children}
      </main>
    </div>
  `;
}

/**
 * AuthForm is the frame the three logged-out forms share: title, lede, the fields, the form-level
 * error for codes no field shows, the submit button (busyLabel while Go works) and the links below.
 */
function AuthForm({ title, lede, testid, submit, busy, err, fields, label, busyLabel, links, children }) {
  return html`
    <${AuthLayout} title=${title}>
      <p class="lede">${lede}</p>
      <form onSubmit=${submit} noValidate data-testid=${`${testid}-form`}>
        ${children}
        <${FormError} err=${err} fields=${fields} testid=${`${testid}-error`} />
        <button type="submit" class="btn btn-primary btn-block" disabled=${busy} data-testid=${`${testid}-submit`}>
          ${busy ? busyLabel : label}
        </button>
      </form>
      <div class="auth-links">${links}</div>
    <//>
  `;
}

/** AuthLink moves between the logged-out screens. */
function AuthLink({ to, testid, children }) {
  return html`<button type="button" class="link" data-testid=${testid} onClick=${() => (authRoute.value = to)}>${children}</button>`;
}

export function LoginForm() {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const { busy, err, submit } = useSubmit(async () => {
    const u = await api.logIn(username, password);
    await enter(u);
  });
  return html`
    <${AuthForm} title=${t('auth.loginTitle')} lede=${t('auth.loginLede')} testid="login" submit=${submit} busy=${busy} err=${err}
      fields=${['username', 'password']} label=${t('auth.login')} busyLabel=${t('auth.loggingIn')}
      links=${html`
        <${AuthLink} to="signup" testid="goto-signup">${t('auth.noAccount')}<//>
        <${AuthLink} to="recover" testid="goto-recover">${t('auth.forgot')}<//>
        <${AuthLink} to="import" testid="goto-import">${t('transfer.gotoImport')}<//>
        <${AuthLink} to="restore" testid="goto-restore">${t('restore.goto')}<//>
        ${err?.code === 'store.corrupt' ? html`<${AuthLink} to="salvage" testid="goto-salvage">${t('salvage.goto')}<//>` : null}`}>
      <${TextField} name="username" label=${t('field.username')} value=${username} onInput=${setUsername}
        err=${err} testid="login-username" autocomplete="username" autofocus required />
      <${TextField} name="password" type="password" label=${t('field.password')} value=${password}
        onInput=${setPassword} err=${err} testid="login-password" autocomplete="current-password" required />
    <//>
  `;
}

/** RecoveryCodeStep shows a recovery code once; the user must confirm they kept it. */
export function RecoveryCodeStep({ code, onDone, title }) {
  const [saved, setSaved] = useState(false);
  const [copied, setCopied] = useState(false);
  const copy = async () => setCopied(await api.copyText(code));
  return html`
    <${AuthLayout} title=${title}>
      <p class="lede">${t('recovery.lede')}</p>
      <div class="recovery-code" data-testid="recovery-code" aria-label=${t('recovery.codeLabel')}>${code}</div>
      <div class="row">
        <button type="button" class="btn" onClick=${copy} data-testid="recovery-copy">${copied ? t('common.copied') : t('recovery.copy')}</button>
      </div>
      <div class="alert alert-warning" role="note">
        <strong>${t('recovery.warningTitle')}</strong>
        <p>${t('recovery.warning')}</p>
      </div>
      <label class="check">
        <input type="checkbox" checked=${saved} onChange=${(e) => setSaved(e.currentTarget.checked)} data-testid="recovery-saved" />
        <span>${t('recovery.confirm')}</span>
      </label>
      <button type="button" class="btn btn-primary btn-block" disabled=${!saved} onClick=${onDone} data-testid="recovery-continue">
        ${t('recovery.continue')}
      </button>
    <//>
  `;
}

/**
 * useNewPassword is what sign-up and recovery share: a new password typed twice, refused before
 * Go is asked when the two differ, and the account Go returns, kept to show its recovery code.
 */
function useNewPassword(call) {
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [result, setResult] = useState(null);
  const { busy, err, setErr, submit } = useSubmit(async () => {
    if (password !== confirm) {
      setErr(new api.AppError({ code: 'ui.passwords_differ', field: 'confirm' }));
      return;
    }
    setResult(await call(password));
  });
  return { password, setPassword, confirm, setConfirm, result, busy, err, submit };
}

/** NewPasswordFields are the password and confirm fields of a useNewPassword form. */
function NewPasswordFields({ form, name, label, testid }) {
  return html`
    <${TextField} name=${name} type="password" label=${label} value=${form.password} onInput=${form.setPassword}
      err=${form.err} testid=${`${testid}-password`} autocomplete="new-password" required hint=${t('auth.passwordHint')} />
    <${TextField} name="confirm" type="password" label=${t('field.confirm')} value=${form.confirm} onInput=${form.setConfirm}
      err=${form.err} testid=${`${testid}-confirm`} autocomplete="new-password" required />
  `;
}

export function SignUpForm() {
  const [displayName, setDisplayName] = useState('');
  const [username, setUsername] = useState('');
  const form = useNewPassword((password) => api.signUp(username, password, displayName));
  const { result, err } = form;
  if (result) {
    return html`<${RecoveryCodeStep} code=${result.recoveryCode} title=${t('recovery.title')} onDone=${() => enter(result.user, { isNew: true })} />`;
  }
  return html`
    <${AuthForm} title=${t('auth.signupTitle')} lede=${t('auth.signupLede')} testid="signup" submit=${form.submit} busy=${form.busy} err=${err}
      fields=${['displayName', 'username', 'password', 'confirm']} label=${t('auth.signup')} busyLabel=${t('auth.creating')}
      links=${html`<${AuthLink} to="login" testid="goto-login">${t('auth.haveAccount')}<//>`}>
      <${TextField} name="displayName" label=${t('field.displayName')} value=${displayName} onInput=${setDisplayName}
        err=${err} testid="signup-displayname" autocomplete="nickname" autofocus hint=${t('auth.displayNameHint')} />
      <${TextField} name="username" label=${t('field.username')} value=${username} onInput=${setUsername}
        err=${err} testid="signup-username" autocomplete="username" required />
      <${NewPasswordFields} form=${form} name="password" label=${t('field.password')} testid="signup" />
    <//>
  `;
}

export function RecoverForm() {
  const [username, setUsername] = useState('');
  const [recoveryCode, setCode] = useState('');
  const form = useNewPassword((password) => api.recoverAccount(username, recoveryCode.trim(), password));
  const { result, err } = form;
  if (result) {
    return html`<${RecoveryCodeStep} code=${result.recoveryCode} title=${t('recovery.newTitle')} onDone=${() => enter(result.user)} />`;
  }
  return html`
    <${AuthForm} title=${t('auth.recoverTitle')} lede=${t('auth.recoverLede')} testid="recover" submit=${form.submit} busy=${form.busy} err=${err}
      fields=${['username', 'recoveryCode', 'newPassword', 'confirm']} label=${t('auth.recover')} busyLabel=${t('auth.recovering')}
      links=${html`<${AuthLink} to="login">${t('auth.backToLogin')}<//>`}>
      <${TextField} name="username" label=${t('field.username')} value=${username} onInput=${setUsername}
        err=${err} testid="recover-username" autocomplete="username" autofocus required />
      <${TextField} name="recoveryCode" label=${t('field.recoveryCode')} value=${recoveryCode} onInput=${setCode}
        err=${err} testid="recover-code" required spellcheck=${false} />
      <${NewPasswordFields} form=${form} name="newPassword" label=${t('field.newPassword')} testid="recover" />
    <//>
  `;
}

/** AuthScreens picks the logged-out screen. */
export function AuthScreens() {
  const r = authRoute.value;
  if (r === 'signup') return html`<${SignUpForm} />`;
  if (r === 'recover') return html`<${RecoverForm} />`;
  if (r === 'restore') return html`<${RestoreView} Layout=${AuthLayout} />`;
  if (r === 'salvage') return html`<${SalvageView} Layout=${AuthLayout} />`;
  if (r === 'import') return html`<${ImportNewForm} Layout=${AuthLayout} RecoveryStep=${RecoveryCodeStep} />`;
  return html`<${LoginForm} />`;
}
