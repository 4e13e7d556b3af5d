// Settings: the OpenAI-compatible connection (key write-only and model; base URL, creativity
// and proxy under Advanced; a test of what is typed) and the look (UI language, theme), which apply and save at once.
import { useState, useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import { signal } from '@preact/signals';
import { html } from '../html.js';
import * as api from '../api.js';
import { t, errorText, LANGS } from '../i18n/index.js';
import { settings, route, applyPreferences, toast, toastError, onLeaving } from '../store.js';
import { OPENAI_URL } from './Onboarding.js';
import { UsagePanel, TokensToggle } from './Usage.js';
import { TextField, FormError, Loading, ErrorState } from './ui.js';
import { SpeakSettings } from './SpeakSettings.js';
import { SpeechSettings } from './SpeechSettings.js';

const CONNECTION_FIELDS = ['apiKey', 'baseUrl', 'model', 'coachModel', 'temperature', 'proxyUrl'];

function fromSettings(s) {
  return {
    apiKey: '',
    clearKey: false,
    baseUrl: s?.baseUrl ?? '',
    model: s?.model ?? '',
    coachModel: s?.coachModel ?? '',
    temperature: s?.temperature ?? 0.7,
    proxyUrl: s?.proxyUrl ?? '',
    speech: s?.speech, // saved as it is; the Speech card edits it
  };
}

/** ConnectionReport says in one sentence what Test connection found. */
function Report({ report }) {
  if (!report) return null;
  if (report.ok) {
    return html`<p class="alert alert-ok" role="status" data-testid="test-result" data-ok="true">
      ${t('settings.testOk', { n: report.models?.length ?? 0, ms: report.latencyMs ?? 0 })}</p>`;
  }
  return html`<p class="alert alert-error" role="alert" data-testid="test-result" data-ok="false" data-code=${report.code}>
    ${errorText({ code: report.code || 'internal' })}</p>`;
}

// The look the learner picked last, until Go has saved it. Arrow keys move through the theme
// radios (and a closed list) faster than Go answers: each pick shows and applies at once, and the
// saves go one at a time, each with the newest pick, so a late answer never undoes a newer one.
const picked = signal(null);
let saving = Promise.resolve();
// Log-out forgets a pick not yet saved; the next learner starts a queue of their own.
onLeaving(() => {
  picked.value = null;
  saving = Promise.resolve();
});

function saveLook(patch) {
  const before = picked.value ?? settings.value;
  const look = { uiLanguage: before.uiLanguage ?? '', theme: before.theme ?? '', ...patch };
  picked.value = look;
  applyPreferences({ ...settings.value, ...look });
  saving = saving.then(async () => {
    if (picked.value !== look) return; // a newer pick is saved after this one instead
    try {
      const s = settings.value;
      settings.value = await api.saveSettings({ ...s, ...fromSettings(s), ...look });
      if (picked.value === look) picked.value = null;
    } catch (e) {
      if (picked.value === look) {
        picked.value = null;
        applyPreferences(settings.value);
      }
      toastError(e);
    }
  });
  return saving;
}

function Appearance() {
  const s = picked.value ?? settings.value;
  const save = saveLook;
  const themes = ['system', 'light', 'dark'];
  return html`
    <fieldset class="card">
      <legend>${t('settings.appearance')}</legend>
      <div class="field">
        <label for="f-uiLanguage">${t('settings.uiLanguage')}</label>
        <select id="f-uiLanguage" data-testid="settings-language" value=${s.uiLanguage ?? ''}
          onChange=${(e) => save({ uiLanguage: e.currentTarget.value })}>
          <option value="" selected=${!s.uiLanguage}>${t('settings.followSystem')}</option>
          ${LANGS.map((l) => html`<option value=${l} selected=${s.uiLanguage === l}>${t(`langName.${l}`)}</option>`)}
        </select>
      </div>
      <div class="field" role="radiogroup" aria-labelledby="theme-label">
        <span id="theme-label" class="label">${t('settings.theme')}</span>
        <div class="segmented">
          ${themes.map((th) => html`
            <label class=${`seg${(s.theme || 'system') === th ? ' on' : ''}`}>
              <input type="radio" name="theme" value=${th} checked=${(s.theme || 'system') === th}
                data-testid=${`settings-theme-${th}`} onChange=${() => save({ theme: th })} />
              <span>${t(`theme.${th}`)}</span>
            </label>`)}
        </div>
      </div>
    </fieldset>
  `;
}

function Connection() {
  const s = settings.value;
  const [form, setForm] = useState(() => fromSettings(s));
  const [err, setErr] = useState(null);
  const [busy, setBusy] = useState('');
  const [report, setReport] = useState(null);
  const [models, setModels] = useState([]);
  const [modelsErr, setModelsErr] = useState(null);
  // Base URL, creativity and proxy are for those who need them; an error about one opens them.
  const focus = route.value.focus;
  const [advanced, setAdvanced] = useState(() => focus === 'baseUrl' || (s.baseUrl && s.baseUrl !== OPENAI_URL) || Boolean(s.proxyUrl));
  useEffect(() => {
    if (['baseUrl', 'temperature', 'proxyUrl'].includes(err?.field)) setAdvanced(true);
  }, [err]);
  // In the update that shows the form, as every focus the app moves by itself.
  useLayoutEffect(() => {
    if (focus) document.querySelector(`[data-testid=settings-form] [name=${focus}]`)?.focus();
  }, [focus]);
  // The Test connection or Load models call now running, which the learner can cancel; leaving
  // Settings cancels it too.
  const running = useRef(null);
  useEffect(() => () => running.current?.cancel(), []);
  const runCancellable = async (start) => {
    const c = api.cancellable(start);
    running.current = c;
    try {
      return await c.promise;
    } finally {
      if (running.current === c) running.current = null;
    }
  };
  const cancelRunning = () => running.current?.cancel();
  const set = (k) => (v) => setForm({ ...form, [k]: v });
  const dirty = form.apiKey !== '' || form.clearKey || ['baseUrl', 'model', 'coachModel', 'proxyUrl'].some((k) => form[k] !== (s[k] ?? ''))
    || Number(form.temperature) !== Number(s.temperature ?? 0.7);

  // Test connection and Load models try what is typed; only Save keeps it, so a failed test of a
  // new key leaves the working one in place.
  const typed = () => ({ ...s, ...form });
  const save = async () => {
    const saved = await api.saveSettings(typed());
    settings.value = saved;
    setForm(fromSettings(saved));
    return saved;
  };
  const onSave = async (e) => {
    e.preventDefault();
    setBusy('save');
    setErr(null);
    try {
      await save();
      toast(t('settings.saved'), { testid: 'settings-saved' });
    } catch (x) {
      setErr(api.normaliseError(x));
    } finally {
      setBusy('');
    }
  };
  const onTest = async () => {
    setBusy('test');
    setErr(null);
    setReport(null);
    try {
      const r = await runCancellable((id) => api.testConnection(id, typed()));
      setReport(r);
      if (r?.models?.length) setModels(r.models);
    } catch (x) {
      const e = api.normaliseError(x);
      if (api.isCanceled(e)) return; // the learner's choice: nothing to report
      if (e.field) setErr(e);
      else setReport({ ok: false, code: e.code });
    } finally {
      setBusy('');
    }
  };
  const onModels = async () => {
    setModelsErr(null);
    setBusy('models');
    try {
      setModels((await runCancellable((id) => api.listModels(id, typed()))) ?? []);
    } catch (x) {
      if (!api.isCanceled(x)) setModelsErr(api.normaliseError(x));
    } finally {
      setBusy('');
    }
  };

  const keyHint = s.hasKey ? t('settings.keySet', { last4: s.keyLast4 }) : t('settings.keyNotSet');
  return html`
    <form class="card" onSubmit=${onSave} noValidate data-testid="settings-form">
      <h2 class="card-title">${t('settings.connection')}</h2>
      <p class="muted">${t('settings.connectionLede')}</p>
      <${TextField} name="apiKey" type="password" label=${t('field.apiKey')} value=${form.apiKey} onInput=${set('apiKey')}
        err=${err} testid="settings-apikey" autocomplete="off" spellcheck=${false}
        placeholder=${s.hasKey ? t('settings.keyPlaceholderSet') : 'sk-…'} hint=${keyHint} />
      ${s.hasKey ? html`
        <label class="check">
          <input type="checkbox" checked=${form.clearKey} data-testid="settings-clearkey"
            onChange=${(e) => setForm({ ...form, clearKey: e.currentTarget.checked, apiKey: '' })} />
          <span>${t('settings.clearKey')}</span>
        </label>` : null}
      <div class="field-row">
        <${TextField} name="model" label=${t('field.model')} value=${form.model} onInput=${set('model')} err=${err}
          testid="settings-model" list="model-options" placeholder="gpt-4o-mini" hint=${t('settings.modelHint')} spellcheck=${false} />
        <button type="button" class="btn" onClick=${onModels} disabled=${Boolean(busy)} data-testid="settings-load-models">
          ${busy === 'models' ? t('common.loading') : t('settings.loadModels')}
        </button>
        ${busy === 'models' ? html`<button type="button" class="btn" onClick=${cancelRunning} data-testid="settings-load-models-cancel">${t('common.cancel')}</button>` : null}
      </div>
      <datalist id="model-options">${models.map((m) => html`<option value=${m} />`)}</datalist>
      ${models.length ? html`
        <div class="field">
          <label for="f-model-picker">${t('settings.availableModels')}</label>
          <select id="f-model-picker" data-testid="settings-model-picker" value=${models.includes(form.model) ? form.model : ''}
            onChange=${(e) => e.currentTarget.value && set('model')(e.currentTarget.value)}>
            <option value="" selected=${!models.includes(form.model)}>${t('settings.pickModel')}</option>
            ${models.map((m) => html`<option value=${m} selected=${m === form.model}>${m}</option>`)}
          </select>
          <p class="hint">${t('settings.modelsLoaded', { n: models.length })}</p>
        </div>` : null}
      ${modelsErr ? html`<p class="field-error" role="alert" data-testid="models-error">${errorText(modelsErr)}</p>` : null}
      <${TextField} name="coachModel" label=${t('field.coachModel')} value=${form.coachModel} onInput=${set('coachModel')} err=${err}
        testid="settings-coach-model" list="model-options" placeholder=${form.model} hint=${t('settings.coachModelHint')} spellcheck=${false} />
      <details class="advanced" open=${advanced} onToggle=${(e) => setAdvanced(e.currentTarget.open)} data-testid="settings-advanced">
        <summary>${t('settings.advanced')}</summary>
        <${TextField} name="baseUrl" type="url" label=${t('field.baseUrl')} value=${form.baseUrl} onInput=${set('baseUrl')}
          err=${err} testid="settings-baseurl" placeholder="https://api.openai.com/v1" hint=${t('settings.baseUrlHint')} spellcheck=${false} />
        <div class="field">
          <label for="f-temperature">${t('field.temperature')}: <output for="f-temperature">${Number(form.temperature).toFixed(1)}</output></label>
          <input id="f-temperature" type="range" min="0" max="2" step="0.1" value=${form.temperature} data-testid="settings-temperature"
            style=${{ '--fill': `${(Number(form.temperature) / 2) * 100}%` }}
            onInput=${(e) => set('temperature')(Number(e.currentTarget.value))} aria-describedby="f-temperature-hint" />
          <p class="hint" id="f-temperature-hint">${t('settings.temperatureHint')}</p>
        </div>
        <${TextField} name="proxyUrl" type="url" label=${t('field.proxyUrl')} value=${form.proxyUrl} onInput=${set('proxyUrl')}
          err=${err} testid="settings-proxy" placeholder=${t('settings.proxyPlaceholder')} hint=${t('settings.proxyHint')} spellcheck=${false} />
      </details>
      <${FormError} err=${err} fields=${CONNECTION_FIELDS} testid="settings-error" />
      <div class="form-actions">
        <button type="button" class="btn" onClick=${onTest} disabled=${Boolean(busy)} data-testid="settings-test">
          ${busy === 'test' ? t('settings.testing') : t('settings.test')}
        </button>
        ${busy === 'test' ? html`<button type="button" class="btn" onClick=${cancelRunning} data-testid="settings-test-cancel">${t('common.cancel')}</button>` : null}
        <button type="submit" class="btn btn-primary" disabled=${Boolean(busy) || !dirty} data-testid="settings-save">
          ${busy === 'save' ? t('common.saving') : t('common.save')}
        </button>
      </div>
      <${Report} report=${report} />
    </form>
  `;
}

export function SettingsView() {
  const [err, setErr] = useState(null);
  const load = () => {
    setErr(null);
    api.getSettings().then((s) => { settings.value = s; }, (e) => setErr(api.normaliseError(e)));
  };
  useEffect(() => {
    if (!settings.value) load();
  }, []);
  let body;
  if (settings.value) {
    body = html`<${Connection} /><${SpeechSettings} /><${SpeakSettings} /><${Appearance} />
      <section class="card" aria-labelledby="usage-heading" data-testid="settings-usage">
        <h2 class="card-title" id="usage-heading">${t('usage.title')}</h2>
        <${UsagePanel} />
        <${TokensToggle} />
      </section>`;
  }
  else if (err) body = html`<${ErrorState} err=${err} onRetry=${load} testid="settings-load-error" />`;
  else body = html`<${Loading} />`;
  return html`
    <section class="page" aria-labelledby="settings-title" data-testid="settings-view">
      <h1 id="settings-title">${t('settings.title')}</h1>
      ${body}
    </section>
  `;
}
