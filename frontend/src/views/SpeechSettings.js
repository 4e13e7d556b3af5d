// Speech settings: model, voice, an optional speech server of its own (with a write-only key),
// and the sealed cache of spoken lines: its size against the cap, what speech cost, and Clear.
import { useState, useEffect } from 'preact/hooks';
import { html } from '../html.js';
import * as api from '../api.js';
import { t } from '../i18n/index.js';
import { settings, toast, toastError } from '../store.js';
import { TextField, FormError } from './ui.js';

const FIELDS = ['speech.model', 'speech.voice', 'speech.baseUrl', 'speech.apiKey'];

function fromView(sp) {
  return { model: sp?.model ?? '', voice: sp?.voice ?? '', baseUrl: sp?.baseUrl ?? '', apiKey: '', clearKey: false };
}

export function megabytes(bytes) {
  return (Math.max(0, Number(bytes) || 0) / (1024 * 1024)).toFixed(1);
}

function CacheCard() {
  const [info, setInfo] = useState(null);
  const load = () => api.speechCacheInfo().then(setInfo, () => setInfo(null));
  useEffect(() => {
    load();
  }, []);
  if (!info) return null;
  const clear = async () => {
    try {
      await api.clearSpeechCache();
      toast(t('speech.cleared'), { testid: 'speech-cleared' });
    } catch (e) {
      toastError(e);
    }
    load();
  };
  const cost = info.costKnown ? t('speech.costAbout', { cost: `$${info.estimatedCostUsd.toFixed(4)}` }) : t('speech.costUnknown');
  return html`
    <div class="field" data-testid="speech-cache">
      <p data-testid="speech-cache-size" data-bytes=${info.bytes}>
        ${t('speech.cacheSize', { used: megabytes(info.bytes), cap: megabytes(info.capBytes), n: info.clips })}</p>
      <p class="hint" data-testid="speech-usage">${t('speech.usage', { n: info.characters })} ${info.characters ? cost : ''}</p>
      <button type="button" class="btn btn-small" data-testid="speech-clear" disabled=${!info.clips} onClick=${clear}>${t('speech.clear')}</button>
    </div>
  `;
}

export function SpeechSettings() {
  const s = settings.value;
  const sp = s.speech ?? {};
  const [form, setForm] = useState(() => fromView(sp));
  const [err, setErr] = useState(null);
  const [busy, setBusy] = useState(false);
  const set = (k) => (v) => setForm({ ...form, [k]: v });
  const dirty = form.apiKey !== '' || form.clearKey || ['model', 'voice', 'baseUrl'].some((k) => form[k] !== (sp[k] ?? ''));
  const onSave = async (e) => {
    e.preventDefault();
    setBusy(true);
    setErr(null);
    try {
      // The whole settings go back as they are, with only the speech part changed.
      const saved = await api.saveSettings({ ...s, apiKey: '', clearKey: false, speech: form });
      settings.value = saved;
      setForm(fromView(saved.speech));
      toast(t('settings.saved'), { testid: 'settings-saved' });
    } catch (x) {
      setErr(api.normaliseError(x));
    } finally {
      setBusy(false);
    }
  };
  const keyHint = sp.hasKey ? t('settings.keySet', { last4: sp.keyLast4 }) : t('speech.keyHint');
  return html`
    <form class="card" onSubmit=${onSave} noValidate data-testid="speech-form">
      <h2 class="card-title" id="speech-settings">${t('speech.title')}</h2>
      <p class="muted">${t('speech.lede')}</p>
      <div class="field-row">
        <${TextField} name="speech.model" label=${t('field.speech.model')} value=${form.model} onInput=${set('model')} err=${err}
          testid="speech-model" placeholder="tts-1" spellcheck=${false} />
        <${TextField} name="speech.voice" label=${t('field.speech.voice')} value=${form.voice} onInput=${set('voice')} err=${err}
          testid="speech-voice" placeholder="alloy" spellcheck=${false} />
      </div>
      <${TextField} name="speech.baseUrl" type="url" label=${t('field.speech.baseUrl')} value=${form.baseUrl} onInput=${set('baseUrl')}
        err=${err} testid="speech-baseurl" placeholder=${s.baseUrl || 'https://api.openai.com/v1'} hint=${t('speech.baseUrlHint')} spellcheck=${false} />
      <${TextField} name="speech.apiKey" type="password" label=${t('field.speech.apiKey')} value=${form.apiKey} onInput=${set('apiKey')}
        err=${err} testid="speech-apikey" autocomplete="off" spellcheck=${false} hint=${keyHint} />
      ${sp.hasKey ? html`
        <label class="check">
          <input type="checkbox" checked=${form.clearKey} data-testid="speech-clearkey"
            onChange=${(e) => setForm({ ...form, clearKey: e.currentTarget.checked, apiKey: '' })} />
          <span>${t('settings.clearKey')}</span>
        </label>` : null}
      <${FormError} err=${err} fields=${FIELDS} testid="speech-error" />
      <div class="form-actions">
        <button type="submit" class="btn btn-primary" disabled=${busy || !dirty} data-testid="speech-save">
          ${busy ? t('common.saving') : t('common.save')}
        </button>
      </div>
      <${CacheCard} />
    </form>
  `;
}
