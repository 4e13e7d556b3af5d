// Account: who I am, my profile (name, explanation language, new-room defaults), change password, delete the account (password confirmed), log out.
import { useState, useEffect } from 'preact/hooks';
import { html } from '../html.js';
import * as api from '../api.js';
import { t, errorText, LANGS } from '../i18n/index.js';
import { limits, loadLimits, levelName } from '../limits.js';
import { longDate } from '../format.js';
import { user, settings, logOut, leave, toast, toastError, refreshRooms } from '../store.js';
import { closeRoom } from '../chat/room.js';
import { TextField, SelectField, FormError, useSubmit } from './ui.js';
import { ExportCard, ImportCard } from './Transfer.js';
import { updateCheck, checkNow } from '../update.js';

/**
 * Profile: the name Parley shows, the language explanations come in (corrections, translations,
 * the scenario card's translation), and what a new room starts with.
 */
function Profile() {
  const u = user.value;
  const s = settings.value;
  const [name, setName] = useState(u?.displayName ?? '');
  const [prefs, setPrefs] = useState(() => ({
    explainLanguage: s?.explainLanguage ?? '', practiceLanguage: s?.practiceLanguage ?? '', practiceLevel: s?.practiceLevel ?? '',
  }));
  useEffect(() => {
    loadLimits();
  }, []);
  const { busy, err, submit } = useSubmit(async () => {
    if (name.trim() !== (u?.displayName ?? '')) user.value = await api.changeDisplayName(name);
    const now = settings.value;
    if (now && Object.keys(prefs).some((k) => (now[k] ?? '') !== prefs[k])) {
      settings.value = await api.saveSettings({ ...now, apiKey: '', clearKey: false, ...prefs });
    }
    setName(user.value?.displayName ?? '');
    toast(t('profile.saved'), { testid: 'profile-saved' });
  });
  const set = (k) => (v) => setPrefs({ ...prefs, [k]: v });
  const languages = limits.value?.languages ?? ['ko', 'en', 'ja'];
  const levels = limits.value?.levels ?? [];
  return html`
    <form class="card" onSubmit=${submit} noValidate data-testid="profile-form">
      <h2 class="card-title">${t('profile.title')}</h2>
      <${TextField} name="displayName" label=${t('field.displayName')} value=${name} onInput=${setName} err=${err}
        testid="profile-displayname" autocomplete="nickname" hint=${t('profile.nameHint')} maxLength=${64} />
      <${SelectField} name="explainLanguage" label=${t('profile.explainLanguage')} value=${prefs.explainLanguage}
        onChange=${set('explainLanguage')} err=${err} testid="profile-explain" hint=${t('profile.explainHint')}
        options=${[{ value: '', label: t('profile.sameAsApp') }, ...LANGS.map((l) => ({ value: l, label: t(`langName.${l}`) }))]} />
      <div class="field-row">
        <${SelectField} name="practiceLanguage" label=${t('profile.practiceLanguage')} value=${prefs.practiceLanguage}
          onChange=${set('practiceLanguage')} err=${err} testid="profile-practice-language"
          options=${[{ value: '', label: t('profile.noDefault') }, ...languages.map((l) => ({ value: l, label: t(`lang.${l}`) }))]} />
        <${SelectField} name="practiceLevel" label=${t('profile.practiceLevel')} value=${prefs.practiceLevel}
          onChange=${set('practiceLevel')} err=${err} testid="profile-practice-level"
          options=${[{ value: '', label: t('profile.noDefault') }, ...levels.map((l) => ({ value: l, label: levelName(l) ? `${l} · ${levelName(l)}` : l }))]} />
      </div>
      <p class="hint">${t('profile.practiceHint')}</p>
      <${FormError} err=${err} fields=${['displayName', 'explainLanguage', 'practiceLanguage', 'practiceLevel']} testid="profile-error" />
      <div class="form-actions">
        <button type="submit" class="btn btn-primary" disabled=${busy} data-testid="profile-save">
          ${busy ? t('common.saving') : t('common.save')}
        </button>
      </div>
    </form>
  `;
}

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

/** UpdateResult says what the last update check found, with the release page as a link. */
function UpdateResult() {
  const c = updateCheck.value;
  if (c.state === 'error') {
    return html`<p class="alert alert-error" role="alert" data-testid="update-result" data-code=${c.error.code}>${errorText(c.error)}</p>`;
  }
  if (c.state !== 'done') return null;
  const r = c.result;
  const link = html`<button type="button" class="link" data-testid="update-open" title=${r.url}
    onClick=${() => api.openExternal(r.url).catch(toastError)}>${t('update.open', { latest: r.latest })}</button>`;
  if (r.dev) {
    return html`<p class="alert" role="status" data-testid="update-result" data-dev="true">
      ${t('update.dev', { current: r.current, latest: r.latest })} ${link}</p>`;
  }
  if (r.newer) {
    return html`<p class="alert alert-ok" role="status" data-testid="update-result" data-newer="true">
      ${t('update.newer', { latest: r.latest, current: r.current })} ${link}</p>`;
  }
  return html`<p class="alert alert-ok" role="status" data-testid="update-result" data-newer="false">
    ${t('update.newest', { current: r.current })}</p>`;
}

/**
 * Updates: the opt-in check at start (off by default) and Check now. Parley asks for the newest
 * release only then, and never downloads or runs anything: a newer release is a link.
 */
function Updates({ available }) {
  const s = settings.value;
  const [err, setErr] = useState(null);
  if (!available) return html`<p class="hint" data-testid="update-unavailable">${t('update.unavailable')}</p>`;
  const toggle = async (on) => {
    setErr(null);
    try {
      settings.value = await api.saveSettings({ ...s, apiKey: '', clearKey: false, checkUpdates: on });
    } catch (e) {
      setErr(api.normaliseError(e));
    }
  };
  const checking = updateCheck.value.state === 'checking';
  return html`
    <div class="updates" data-testid="updates">
      <label class="check">
        <input type="checkbox" checked=${Boolean(s?.checkUpdates)} disabled=${!s} data-testid="update-auto"
          onChange=${(e) => toggle(e.currentTarget.checked)} />
        <span>${t('update.auto')}</span>
      </label>
      <p class="hint">${t('update.hint')}</p>
      ${err ? html`<p class="field-error" role="alert">${errorText(err)}</p>` : null}
      <div class="form-actions">
        <button type="button" class="btn" disabled=${checking} aria-busy=${checking} data-testid="update-check-now" onClick=${checkNow}>
          ${checking ? t('update.checking') : t('update.checkNow')}
        </button>
      </div>
      <${UpdateResult} />
    </div>
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
      <${Updates} available=${Boolean(info.canCheckUpdates)} />
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
      ${settings.value ? html`<${Profile} />` : null}
      <${ChangePassword} />
      <${ExportCard} />
      <${ImportCard} onImported=${refreshRooms} />
      <${DeleteAccount} />
      <${About} />
    </section>
  `;
}
