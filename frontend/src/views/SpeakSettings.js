// Settings → Speaking: the transcription model push-to-talk uses. Transcription goes to the AI
// server set above, with its key; the room's language is always pinned.
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../html.js';
import { t } from '../i18n/index.js';
import * as api from '../api.js';
import { toast } from '../store.js';
import { TextField, FormError } from './ui.js';

export function SpeakSettings() {
  const [model, setModel] = useState('');
  const [saved, setSaved] = useState('');
  const [err, setErr] = useState(null);
  const [busy, setBusy] = useState(false);
  // What the learner types before the saved model arrives is kept, not overwritten by it.
  const typed = useRef(false);
  useEffect(() => {
    api.getSpeakSettings().then((s) => {
      if (!typed.current) setModel(s.transcriptionModel);
      setSaved(s.transcriptionModel);
    }, (e) => setErr(api.normaliseError(e)));
  }, []);
  const onSave = async (e) => {
    e.preventDefault();
    setBusy(true);
    setErr(null);
    try {
      const s = await api.saveSpeakSettings(model.trim());
      setModel(s.transcriptionModel);
      setSaved(s.transcriptionModel);
      toast(t('speak.settingsSaved'), { ms: 2500 });
    } catch (e2) {
      setErr(api.normaliseError(e2));
    } finally {
      setBusy(false);
    }
  };
  return html`
    <form class="card" onSubmit=${onSave} noValidate data-testid="speak-settings">
      <h2 class="card-title">${t('speak.settingsTitle')}</h2>
      <p class="muted">${t('speak.settingsLede')}</p>
      <${TextField} name="transcriptionModel" label=${t('field.transcriptionModel')} value=${model}
        onInput=${(v) => { typed.current = true; setModel(v); }} err=${err} testid="settings-transcription-model"
        placeholder="whisper-1" hint=${t('speak.modelHint')} spellcheck=${false} />
      <${FormError} err=${err} fields=${['transcriptionModel']} testid="speak-settings-error" />
      <div class="form-actions">
        <button type="submit" class="btn btn-primary" disabled=${busy || model.trim() === saved} data-testid="speak-settings-save">
          ${busy ? t('common.saving') : t('common.save')}
        </button>
      </div>
    </form>
  `;
}
