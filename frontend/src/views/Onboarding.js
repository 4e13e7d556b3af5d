// The first run: a new learner (or one whose provider is not usable) chooses where replies come
// from, pastes a key, tests it, and picks a first scene. Nothing is saved until the test passed.
import { useState, useEffect, useRef } from 'preact/hooks';
import { signal } from '@preact/signals';
import { html } from '../html.js';
import * as api from '../api.js';
import { t, lang, errorText } from '../i18n/index.js';
import { settings, rooms, navigate, upsertRoom, toastError } from '../store.js';
import { limits } from '../limits.js';
import { TextField, Loading, ErrorState } from './ui.js';
import { pick, presetInput } from './RoomEditor.js';

export const OPENAI_URL = 'https://api.openai.com/v1';
/** Where OpenAI hands out API keys; opened in the OS browser through Go's OpenExternal. */
export const OPENAI_KEYS_PAGE = 'https://platform.openai.com/api-keys';

/** The providers a learner can start with; local servers come with their usual address filled in. */
export const PROVIDERS = [
  { id: 'openai', baseUrl: OPENAI_URL, model: 'gpt-4o-mini', needsKey: true },
  { id: 'ollama', baseUrl: 'http://localhost:11434/v1', model: '', needsKey: false },
  { id: 'lmstudio', baseUrl: 'http://localhost:1234/v1', model: '', needsKey: false },
];

const sameURL = (a, b) => String(a ?? '').replace(/\/+$/, '') === String(b ?? '').replace(/\/+$/, '');

/**
 * needsSetup says whether replies cannot work yet: OpenAI (the default) without a key. A local
 * server may need no key, so one without is usable until a test says otherwise.
 */
export function needsSetup(s) {
  return Boolean(s) && !s.hasKey && (sameURL(s.baseUrl, OPENAI_URL) || !s.baseUrl);
}

/** onboarding is the step shown on the home pane: 'provider', 'scene', or null (decided by needsSetup). */
export const onboarding = signal(null);
/** skipped: the learner chose "Later" this session; Home then shows a reminder instead. */
export const skipped = signal(false);

/** Codes the learner fixes in Settings, so the error offers a way there. */
export const SETTINGS_CODES = new Set(['llm.no_key', 'llm.unauthorized', 'llm.model_not_found', 'llm.unreachable', 'llm.quota', 'llm.bad_request', 'llm.endpoint_not_found']);

/** openSettingsFor opens Settings at the field an error names (focus: apiKey, model, baseUrl). */
export function openSettingsFor(code) {
  const focus = { 'llm.no_key': 'apiKey', 'llm.unauthorized': 'apiKey', 'llm.model_not_found': 'model', 'llm.unreachable': 'baseUrl' }[code];
  navigate({ name: 'settings', focus });
}

function ProviderStep() {
  const s = settings.value;
  const [provider, setProvider] = useState('openai');
  const [form, setForm] = useState({ apiKey: '', baseUrl: OPENAI_URL, model: 'gpt-4o-mini' });
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState(null);
  const [fieldErr, setFieldErr] = useState(null);
  const [models, setModels] = useState([]);
  const running = useRef(null);
  useEffect(() => () => running.current?.cancel(), []);
  const p = PROVIDERS.find((x) => x.id === provider);
  const choose = (id) => {
    const next = PROVIDERS.find((x) => x.id === id);
    setProvider(id);
    setForm({ apiKey: form.apiKey, baseUrl: next.baseUrl, model: next.model });
    setFailure(null);
    setFieldErr(null);
    setModels([]);
  };
  const update = () => ({ ...s, ...form, clearKey: false, proxyUrl: s?.proxyUrl ?? '' });
  const testAndSave = async (e) => {
    e.preventDefault();
    setBusy(true);
    setFailure(null);
    setFieldErr(null);
    const c = api.cancellable((id) => api.testConnection(id, update()));
    running.current = c;
    try {
      const report = await c.promise;
      if (!report?.ok) {
        setFailure(report?.code || 'internal');
        return;
      }
      // A local server must be told which model: take the first it offers when none was typed.
      const model = form.model || report.models?.[0] || '';
      if (!model) {
        setModels(report.models ?? []);
        setFailure('llm.model_not_found');
        return;
      }
      settings.value = await api.saveSettings({ ...update(), model });
      onboarding.value = rooms.value.length ? null : 'scene';
    } catch (x) {
      const err = api.normaliseError(x);
      if (api.isCanceled(err)) return;
      if (err.field) setFieldErr(err);
      else setFailure(err.code);
    } finally {
      running.current = null;
      setBusy(false);
    }
  };
  const set = (k) => (v) => setForm({ ...form, [k]: v });
  return html`
    <form class="card onboarding" onSubmit=${testAndSave} noValidate data-testid="onboarding" data-step="provider">
      <h1 class="card-title">${t('onboard.title')}</h1>
      <p>${t('onboard.lede')}</p>
      <div class="provider-grid" role="radiogroup" aria-label=${t('onboard.providerLabel')}>
        ${PROVIDERS.map((x) => html`
          <label class=${`provider-card${provider === x.id ? ' on' : ''}`} data-testid=${`provider-${x.id}`}>
            <input type="radio" name="provider" value=${x.id} checked=${provider === x.id} onChange=${() => choose(x.id)} />
            <span class="provider-name">${t(`onboard.${x.id}`)}</span>
            <span class="muted">${t(`onboard.${x.id}Body`)}</span>
          </label>`)}
      </div>
      ${p.needsKey ? html`
        <${TextField} name="apiKey" type="password" label=${t('field.apiKey')} value=${form.apiKey} onInput=${set('apiKey')}
          err=${fieldErr} testid="onboard-apikey" autocomplete="off" spellcheck=${false} placeholder="sk-…"
          hint=${t('onboard.keyHint')} />
        <p><button type="button" class="link" data-testid="onboard-get-key"
          onClick=${() => api.openExternal(OPENAI_KEYS_PAGE).catch(toastError)}>${t('onboard.whereKey')}</button></p>
      ` : html`
        <${TextField} name="baseUrl" type="url" label=${t('field.baseUrl')} value=${form.baseUrl} onInput=${set('baseUrl')}
          err=${fieldErr} testid="onboard-baseurl" spellcheck=${false} hint=${t('onboard.localHint')} />
        <${TextField} name="model" label=${t('field.model')} value=${form.model} onInput=${set('model')} err=${fieldErr}
          testid="onboard-model" list="onboard-models" spellcheck=${false} hint=${t('onboard.modelHint')} />
        <datalist id="onboard-models">${models.map((m) => html`<option value=${m} />`)}</datalist>
      `}
      ${failure ? html`<p class="alert alert-error" role="alert" data-testid="onboard-error" data-code=${failure}>${errorText({ code: failure })}</p>` : null}
      <div class="form-actions">
        <button type="button" class="link" data-testid="onboard-skip" onClick=${() => { skipped.value = true; onboarding.value = null; }}>
          ${t('onboard.later')}</button>
        ${busy ? html`<button type="button" class="btn" data-testid="onboard-cancel" onClick=${() => running.current?.cancel()}>${t('common.cancel')}</button>` : null}
        <button type="submit" class="btn btn-primary" disabled=${busy || (p.needsKey && !form.apiKey.trim())} data-testid="onboard-test">
          ${busy ? t('settings.testing') : t('onboard.testAndSave')}</button>
      </div>
    </form>
  `;
}

function SceneStep() {
  const [presets, setPresets] = useState(null);
  const [err, setErr] = useState(null);
  const [busy, setBusy] = useState('');
  const s = settings.value;
  const [language, setLanguage] = useState(s?.practiceLanguage || (lang.value === 'en' ? 'ko' : 'en'));
  const load = () => api.listPresets().then((p) => setPresets(p ?? []), (e) => setErr(api.normaliseError(e)));
  useEffect(() => { load(); }, []);
  const start = async (p) => {
    setBusy(p.id);
    try {
      const room = await api.createRoom({ ...presetInput(p, language, s?.practiceLevel || p.level), title: pick(p.titles, language) });
      upsertRoom(room);
      onboarding.value = null;
      navigate({ name: 'chat', roomId: room.id });
    } catch (e) {
      toastError(e);
    } finally {
      setBusy('');
    }
  };
  let grid;
  if (err) grid = html`<${ErrorState} err=${err} onRetry=${load} />`;
  else if (!presets) grid = html`<${Loading} />`;
  else {
    grid = html`<div class="preset-grid">${presets.slice(0, 6).map((p) => html`
      <button type="button" class="preset-card" data-testid="onboard-scene" data-preset-id=${p.id} disabled=${Boolean(busy)} onClick=${() => start(p)}>
        <span class="preset-emoji" aria-hidden="true">${p.emoji}</span>
        <span>${pick(p.titles, lang.value)}</span>
        ${language !== lang.value ? html`<span class="muted" lang=${language}>${pick(p.titles, language)}</span>` : null}
      </button>`)}</div>`;
  }
  return html`
    <section class="card onboarding" data-testid="onboarding" data-step="scene">
      <h1 class="card-title">${t('onboard.sceneTitle')}</h1>
      <p>${t('onboard.sceneLede')}</p>
      <div class="field">
        <label for="onboard-language">${t('field.language')}</label>
        <select id="onboard-language" data-testid="onboard-language" value=${language} onChange=${(e) => setLanguage(e.currentTarget.value)}>
          ${(limits.value?.languages ?? ['ko', 'en', 'ja']).map((l) => html`<option value=${l} selected=${l === language}>${t(`lang.${l}`)}</option>`)}
        </select>
      </div>
      ${grid}
      <div class="form-actions">
        <button type="button" class="link" data-testid="onboard-own" onClick=${() => { onboarding.value = null; navigate({ name: 'new' }); }}>
          ${t('onboard.ownScene')}</button>
      </div>
    </section>
  `;
}

/** onboardingStep is the first-run step the home pane shows now, or null. */
export const onboardingStep = () => onboarding.value ?? (needsSetup(settings.value) && !skipped.value ? 'provider' : null);

/** resetOnboarding forgets the first-run state of a learner who logged out. */
export function resetOnboarding() {
  onboarding.value = null;
  skipped.value = false;
}

/** Onboarding is the home pane's first-run path, or null when there is nothing to set up. */
export function Onboarding() {
  const step = onboardingStep();
  if (step === 'scene') return html`<${SceneStep} />`;
  if (step === 'provider') return html`<${ProviderStep} />`;
  return null;
}

/** SetupReminder is the line Home shows after "Later" while replies still cannot work. */
export function SetupReminder() {
  if (!skipped.value || !needsSetup(settings.value)) return null;
  return html`<p class="alert alert-warning" data-testid="setup-reminder">${t('onboard.reminder')}
    <button type="button" class="btn btn-small" data-testid="setup-now" onClick=${() => { skipped.value = false; }}>${t('onboard.setUpNow')}</button></p>`;
}
