// Logged-out screens: log in, sign up (with the one-time recovery code step) and recovery.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import * as api from '../api.js';
import { t, lang, setLanguage, LANGS } from '../i18n/index.js';
import { authRoute, enter, startupError } from '../store.js';
import { TextField, FormError } from './ui.js';

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
        ${startupError.value ? html`<div class="alert alert-error" role="alert">${t('app.bridgeError')}</div>` : null}
        ${children}
      </main>
    </div>
  `;
}

/** useSubmit runs an async action with a busy flag and an AppError to show. */
function useSubmit(fn) {
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState(null);
  const submit = async (e) => {
    e?.preventDefault();
    if (busy) return;
    setBusy(true);
    setErr(null);
    try {
      await fn();
    } catch (x) {
      setErr(api.normaliseError(x));
    } finally {
      setBusy(false);
    }
  };
  return { busy, err, setErr, submit };
}

export function LoginForm() {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const { busy, err, submit } = useSubmit(async () => {
    const u = await api.logIn(username, password);
    await enter(u);
  });
  return html`
    <${AuthLayout} title=${t('auth.loginTitle')}>
      <p class="lede">${t('auth.loginLede')}</p>
      <form onSubmit=${submit} noValidate data-testid="login-form">
        <${TextField} name="username" label=${t('field.username')} value=${username} onInput=${setUsername}
          err=${err} testid="login-username" autocomplete="username" autofocus required />
        <${TextField} name="password" type="password" label=${t('field.password')} value=${password}
          onInput=${setPassword} err=${err} testid="login-password" autocomplete="current-password" required />
        <${FormError} err=${err} fields=${['username', 'password']} testid="login-error" />
        <button type="submit" class="btn btn-primary btn-block" disabled=${busy} data-testid="login-submit">
          ${busy ? t('auth.loggingIn') : t('auth.login')}
        </button>
      </form>
      <div class="auth-links">
        <button type="button" class="link" data-testid="goto-signup" onClick=${() => (authRoute.value = 'signup')}>${t('auth.noAccount')}</button>
        <button type="button" class="link" data-testid="goto-recover" onClick=${() => (authRoute.value = 'recover')}>${t('auth.forgot')}</button>
      </div>
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

export function SignUpForm() {
  const [displayName, setDisplayName] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [result, setResult] = useState(null);
  const { busy, err, setErr, submit } = useSubmit(async () => {
    if (password !== confirm) {
      setErr(new api.AppError({ code: 'ui.passwords_differ', field: 'confirm' }));
      return;
    }
    setResult(await api.signUp(username, password, displayName));
  });
  if (result) {
    return html`<${RecoveryCodeStep} code=${result.recoveryCode} title=${t('recovery.title')} onDone=${() => enter(result.user, { isNew: true })} />`;
  }
  return html`
    <${AuthLayout} title=${t('auth.signupTitle')}>
      <p class="lede">${t('auth.signupLede')}</p>
      <form onSubmit=${submit} noValidate data-testid="signup-form">
        <${TextField} name="displayName" label=${t('field.displayName')} value=${displayName} onInput=${setDisplayName}
          err=${err} testid="signup-displayname" autocomplete="nickname" autofocus hint=${t('auth.displayNameHint')} />
        <${TextField} name="username" label=${t('field.username')} value=${username} onInput=${setUsername}
          err=${err} testid="signup-username" autocomplete="username" required />
        <${TextField} name="password" type="password" label=${t('field.password')} value=${password} onInput=${setPassword}
          err=${err} testid="signup-password" autocomplete="new-password" required hint=${t('auth.passwordHint')} />
        <${TextField} name="confirm" type="password" label=${t('field.confirm')} value=${confirm} onInput=${setConfirm}
          err=${err} testid="signup-confirm" autocomplete="new-password" required />
        <${FormError} err=${err} fields=${['displayName', 'username', 'password', 'confirm']} testid="signup-error" />
        <button type="submit" class="btn btn-primary btn-block" disabled=${busy} data-testid="signup-submit">
          ${busy ? t('auth.creating') : t('auth.signup')}
        </button>
      </form>
      <div class="auth-links">
        <button type="button" class="link" data-testid="goto-login" onClick=${() => (authRoute.value = 'login')}>${t('auth.haveAccount')}</button>
      </div>
    <//>
  `;
}

export function RecoverForm() {
  const [username, setUsername] = useState('');
  const [recoveryCode, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [result, setResult] = useState(null);
  const { busy, err, setErr, submit } = useSubmit(async () => {
    if (password !== confirm) {
      setErr(new api.AppError({ code: 'ui.passwords_differ', field: 'confirm' }));
      return;
    }
    setResult(await api.recoverAccount(username, recoveryCode.trim(), password));
  });
  if (result) {
    return html`<${RecoveryCodeStep} code=${result.recoveryCode} title=${t('recovery.newTitle')} onDone=${() => enter(result.user)} />`;
  }
  return html`
    <${AuthLayout} title=${t('auth.recoverTitle')}>
      <p class="lede">${t('auth.recoverLede')}</p>
      <form onSubmit=${submit} noValidate data-testid="recover-form">
        <${TextField} name="username" label=${t('field.username')} value=${username} onInput=${setUsername}
          err=${err} testid="recover-username" autocomplete="username" autofocus required />
        <${TextField} name="recoveryCode" label=${t('field.recoveryCode')} value=${recoveryCode} onInput=${setCode}
          err=${err} testid="recover-code" required spellcheck=${false} />
        <${TextField} name="newPassword" type="password" label=${t('field.newPassword')} value=${password} onInput=${setPassword}
          err=${err} testid="recover-password" autocomplete="new-password" required hint=${t('auth.passwordHint')} />
        <${TextField} name="confirm" type="password" label=${t('field.confirm')} value=${confirm} onInput=${setConfirm}
          err=${err} testid="recover-confirm" autocomplete="new-password" required />
        <${FormError} err=${err} fields=${['username', 'recoveryCode', 'newPassword', 'confirm']} testid="recover-error" />
        <button type="submit" class="btn btn-primary btn-block" disabled=${busy} data-testid="recover-submit">
          ${busy ? t('auth.recovering') : t('auth.recover')}
        </button>
      </form>
      <div class="auth-links">
        <button type="button" class="link" onClick=${() => (authRoute.value = 'login')}>${t('auth.backToLogin')}</button>
      </div>
    <//>
  `;
}

/** AuthScreens picks the logged-out screen. */
export function AuthScreens() {
  const r = authRoute.value;
  if (r === 'signup') return html`<${SignUpForm} />`;
  if (r === 'recover') return html`<${RecoverForm} />`;
  return html`<${LoginForm} />`;
}
