// Create a room (from a preset or blank) or edit one. Errors from Go name the field they
// concern and are shown under it.
import { useState, useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import { signal } from '@preact/signals';
import { html } from '../html.js';
import * as api from '../api.js';
import { t, lang } from '../i18n/index.js';
import { limits, limitsError, loadLimits, levelName, formalityName } from '../limits.js';
import { navigate, upsertRoom, toast, settings } from '../store.js';
import { TextField, SelectField, FormError, Loading, ErrorState, withAllFieldErrors } from './ui.js';

const FIELDS = ['title', 'language', 'level', 'situation', 'myRole', 'aiRole', 'goal', 'formality', 'presetId'];

const presets = signal(null); // null = not loaded; array once loaded
const presetsError = signal(null);

async function loadPresets() {
  presetsError.value = null;
  try {
    presets.value = (await api.listPresets()) ?? [];
  } catch (e) {
    presetsError.value = api.normaliseError(e);
  }
}

/** pick returns the text of a {ko,en,ja} map in the wanted language, else any. */
export function pick(map, want) {
  if (!map) return '';
  return map[want] || map.en || map.ko || map.ja || '';
}

/**
 * defaultLevel is the learner's own default (Account → Profile) when Go offers it, else A2 (most
 * learners start there), else Go's first level.
 */
function defaultLevel() {
  const levels = limits.value?.levels ?? [];
  const mine = settings.value?.practiceLevel;
  if (mine && levels.includes(mine)) return mine;
  return levels.includes('A2') ? 'A2' : levels[0] ?? '';
}

function blank(language) {
  return { title: '', language, level: defaultLevel(), situation: '', myRole: '', aiRole: '', goal: '', formality: '', presetId: '' };
}

/** presetInput fills a room from a preset, in the room's practice language. */
export function presetInput(p, language, level) {
  return {
    title: '',
    language,
    level,
    situation: pick(p.situations, language),
    myRole: pick(p.myRoles, language),
    aiRole: pick(p.aiRoles, language),
    goal: pick(p.goals, language),
    formality: '',
    presetId: p.id,
  };
}

/** PresetGrid names each preset in the UI language and, under it, in the practice language. */
function PresetGrid({ chosen, onChoose, practice }) {
  if (presetsError.value) return html`<${ErrorState} err=${presetsError.value} onRetry=${loadPresets} testid="presets-error" />`;
  if (!presets.value) return html`<${Loading} label=${t('editor.loadingPresets')} />`;
  return html`
    <div class="preset-grid" role="group" aria-label=${t('editor.presets')}>
      <button type="button" class="preset-card" aria-pressed=${chosen === '' ? 'true' : 'false'} data-testid="preset-blank"
        onClick=${() => onChoose(null)}>
        <span class="preset-emoji" aria-hidden="true">✏️</span>
        <span>${t('editor.blank')}</span>
      </button>
      ${presets.value.map((p) => html`
        <button type="button" key=${p.id} class="preset-card" aria-pressed=${chosen === p.id ? 'true' : 'false'}
          data-testid="preset-card" data-preset-id=${p.id} onClick=${() => onChoose(p)}>
          <span class="preset-emoji" aria-hidden="true">${p.emoji}</span>
          <span>${pick(p.titles, lang.value)}</span>
          ${practice && practice !== lang.value ? html`<span class="muted" lang=${practice} data-testid="preset-practice-title">${pick(p.titles, practice)}</span>` : null}
        </button>`)}
    </div>
  `;
}

/**
 * WithLimits shows the form once Go has said what a room accepts (levels, languages, lengths);
 * if it cannot say, a sentence and a retry instead of a form that would offer guesses.
 */
function WithLimits({ children }) {
  useEffect(() => {
    loadLimits();
  }, []);
  if (limits.value) return children;
  if (limitsError.value) {
    return html`
      <div class="state state-error" role="alert" data-testid="limits-error" data-code=${limitsError.value.code}>
        <p>${t('editor.limitsError')}</p>
        <button type="button" class="btn" onClick=${loadLimits}>${t('common.retry')}</button>
      </div>`;
  }
  return html`<${Loading} />`;
}

function RoomForm({ form, setForm, onSubmit, submitLabel, busy, err, onCancel, formRef }) {
  const set = (k) => (v) => {
    const next = { ...form, [k]: v };
    // A preset's texts follow the practice language until the user edits them.
    if (k === 'language' && form.presetId) {
      const p = presets.value?.find((x) => x.id === form.presetId);
      if (p && form.situation === pick(p.situations, form.language) && form.myRole === pick(p.myRoles, form.language)) {
        Object.assign(next, presetInput(p, v, form.level), { title: form.title });
      }
    }
    setForm(next);
  };
  const submit = (e) => {
    e.preventDefault();
    onSubmit(form);
  };
  const L = limits.value;
  const langOptions = L.languages.map((l) => ({ value: l, label: t(`lang.${l}`) }));
  const levelOptions = L.levels.map((l) => ({ value: l, label: levelName(l) ? `${l} · ${levelName(l)}` : l }));
  const formalityOptions = L.formalities.map((f) => ({ value: f, label: formalityName(f, form.language) }));
  return html`
    <form class="room-form" onSubmit=${submit} noValidate data-testid="room-form" ref=${formRef}>
      <div class="grid-2">
        <${SelectField} name="language" label=${t('field.language')} value=${form.language} onChange=${set('language')}
          options=${langOptions} err=${err} testid="room-language" />
        <${SelectField} name="level" label=${t('field.level')} value=${form.level} onChange=${set('level')}
          options=${levelOptions} err=${err} testid="room-level" />
      </div>
      <${TextField} name="situation" label=${t('field.situation')} value=${form.situation} onInput=${set('situation')}
        err=${err} testid="room-situation" multiline rows=${3} maxLength=${L.maxSituation} required hint=${t('editor.situationHint')} />
      <div class="grid-2">
        <${TextField} name="myRole" label=${t('field.myRole')} value=${form.myRole} onInput=${set('myRole')}
          err=${err} testid="room-myrole" maxLength=${L.maxRole} required />
        <${TextField} name="aiRole" label=${t('field.aiRole')} value=${form.aiRole} onInput=${set('aiRole')}
          err=${err} testid="room-airole" maxLength=${L.maxRole} required />
      </div>
      <${TextField} name="goal" label=${t('field.goal')} value=${form.goal} onInput=${set('goal')}
        err=${err} testid="room-goal" multiline rows=${2} maxLength=${L.maxGoal} hint=${t('editor.goalHint')} />
      <div class="grid-2">
        <${TextField} name="title" label=${t('field.title')} value=${form.title} onInput=${set('title')}
          err=${err} testid="room-title-input" maxLength=${L.maxTitle} hint=${t('editor.titleHint')} />
        ${form.language !== 'en' ? html`
          <${SelectField} name="formality" label=${t('field.formality')} value=${form.formality} onChange=${set('formality')}
            options=${formalityOptions} err=${err} testid="room-formality" />` : html`<div></div>`}
      </div>
      <${FormError} err=${err} fields=${FIELDS.filter((f) => f !== 'presetId' && (f !== 'formality' || form.language !== 'en'))} testid="room-error" />
      <div class="form-actions">
        ${onCancel ? html`<button type="button" class="btn" onClick=${onCancel} data-testid="room-cancel">${t('common.cancel')}</button>` : null}
        <button type="submit" class="btn btn-primary" disabled=${busy} data-testid="room-save">${submitLabel}</button>
      </div>
    </form>
  `;
}

function defaultPracticeLanguage() {
  return settings.value?.practiceLanguage || (lang.value === 'en' ? 'ko' : 'en');
}

export function NewRoom() {
  const [form, setForm] = useState(() => blank(defaultPracticeLanguage()));
  const [chosen, setChosen] = useState('');
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState(null);
  const formRef = useRef(null);
  const focusFirst = useRef(false);
  useEffect(() => {
    if (!presets.value) loadPresets();
  }, []);
  // The form may have been set up before Go's levels arrived.
  useEffect(() => {
    // From the latest form, not this render's: it may have changed since.
    if (limits.value) setForm((f) => (f.level ? f : { ...f, level: defaultLevel() }));
  }, [limits.value]);
  const choose = (p) => {
    setChosen(p ? p.id : '');
    setForm(p ? presetInput(p, form.language, form.level) : blank(form.language));
    setErr(null);
    focusFirst.current = true;
  };
  // After a pick, the first field takes the keyboard in the update that fills the form in, not in a
  // later task that could pull it away from a field the learner had already clicked into.
  useLayoutEffect(() => {
    if (!focusFirst.current) return;
    focusFirst.current = false;
    formRef.current?.querySelector('select, textarea, input')?.focus();
  });
  const create = async (form) => {
    setBusy(true);
    setErr(null);
    try {
      const room = await api.createRoom(form);
      upsertRoom(room);
      navigate({ name: 'chat', roomId: room.id });
    } catch (e) {
      setErr(await withAllFieldErrors(api.normaliseError(e), () => api.validateRoom(form)));
    } finally {
      setBusy(false);
    }
  };
  return html`
    <section class="page" aria-labelledby="editor-title" data-testid="new-room-view">
      <h1 id="editor-title">${t('editor.newTitle')}</h1>
      <h2 class="section-title">${t('editor.presets')}</h2>
      <${PresetGrid} chosen=${chosen} onChoose=${choose} practice=${form.language} />
      <h2 class="section-title">${t('editor.details')}</h2>
      <${WithLimits}>
        <${RoomForm} form=${form} setForm=${setForm} onSubmit=${create} submitLabel=${busy ? t('editor.creating') : t('editor.create')}
          busy=${busy} err=${err} formRef=${formRef} onCancel=${() => navigate({ name: 'home' })} />
      <//>
    </section>
  `;
}

export function EditRoom({ roomId }) {
  const [room, setRoom] = useState(null);
  const [loadErr, setLoadErr] = useState(null);
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState(null);
  const [form, setForm] = useState(null);
  const load = async () => {
    setLoadErr(null);
    try {
      const r = await api.getRoom(roomId);
      setRoom(r);
      setForm(api.roomInput(r));
    } catch (e) {
      setLoadErr(api.normaliseError(e));
    }
  };
  useEffect(() => {
    load();
    if (!presets.value) loadPresets();
  }, [roomId]);
  const save = async (form) => {
    setBusy(true);
    setErr(null);
    try {
      const updated = await api.updateRoom(roomId, form);
      upsertRoom(updated);
      toast(t('editor.saved'));
      navigate({ name: 'chat', roomId });
    } catch (e) {
      setErr(await withAllFieldErrors(api.normaliseError(e), () => api.validateRoom(form)));
    } finally {
      setBusy(false);
    }
  };
  let body;
  if (loadErr) body = html`<${ErrorState} err=${loadErr} onRetry=${load} />`;
  else if (!room || !form) body = html`<${Loading} />`;
  else {
    body = html`<${WithLimits}><${RoomForm} form=${form} setForm=${setForm} onSubmit=${save}
      submitLabel=${busy ? t('common.saving') : t('common.save')} busy=${busy} err=${err}
      onCancel=${() => navigate({ name: 'chat', roomId })} /><//>`;
  }
  return html`
    <section class="page" aria-labelledby="editor-title" data-testid="edit-room-view">
      <h1 id="editor-title">${t('editor.editTitle')}</h1>
      ${body}
    </section>
  `;
}
