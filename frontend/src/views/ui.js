// Small building blocks shared by the views: labelled fields with inline errors, form-level
// errors, loading/empty/error states.
import { Component } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { html } from '../html.js';
import { t, errorText, fieldLabel } from '../i18n/index.js';
import { AppError, normaliseError } from '../api.js';

let uid = 0;
/** nextId gives each rendered control a unique id for label/aria wiring. */
export const nextId = (prefix) => `${prefix}-${++uid}`;

/** fieldError returns the sentence for err when it concerns this field. */
export function fieldError(err, name) {
  if (!err) return '';
  const hit = (err.all ?? [err]).find((e) => e.field === name);
  return hit ? errorText(hit) : '';
}

/** withAllFieldErrors adds every field error of a room input (ValidateRoom) to the first one. */
export async function withAllFieldErrors(err, validate) {
  if (!err.field || !err.code.startsWith('input.')) return err;
  try {
    const all = await validate();
    if (all.length) err.all = all;
  } catch {
    // keep the single error
  }
  return err;
}

/**
 * useSubmit runs a form's async action with a busy flag and an AppError to show. A wrong password
 * comes back from Go without a field; passwordField names the field it then belongs under.
 */
export function useSubmit(fn, { passwordField } = {}) {
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
      const e2 = normaliseError(x);
      setErr(passwordField && e2.code === 'auth.bad_credentials' && !e2.field ? new AppError({ ...e2, field: passwordField }) : e2);
    } finally {
      setBusy(false);
    }
  };
  return { busy, err, setErr, submit };
}

/**
 * TextField is a labelled input or textarea; an AppError whose field equals `name` is shown
 * under it and marks it aria-invalid.
 */
export function TextField({
  name, label, value, onInput, err, type = 'text', testid, hint, multiline = false, rows = 3,
  autocomplete = 'off', maxLength, required = false, placeholder, inputRef, autofocus = false,
  disabled = false, list, spellcheck, id: fieldId,
}) {
  // Two forms on one screen may have a field of the same name: give one its own id.
  const id = fieldId ?? `f-${name}`;
  const msg = fieldError(err, name);
  const own = useRef(null);
  const ref = inputRef ?? own;
  // autofocus only works on page load; screens that swap in later focus their first field here,
  // in the update that shows it: focusing after the next paint would pull the keyboard away from
  // a field the learner had already clicked into and begun typing in.
  useLayoutEffect(() => {
    if (autofocus) ref.current?.focus();
  }, []);
  // After a failed submit, focus moves to the first field that needs fixing (in the update that
  // shows the message, so a field the learner reaches next keeps the keyboard).
  useLayoutEffect(() => {
    const el = ref.current;
    if (msg && el?.form?.querySelector('[aria-invalid="true"]') === el) el.focus();
  }, [msg]);
  const describedBy = [hint ? `${id}-hint` : '', msg ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    name,
    value: value ?? '',
    onInput: (e) => onInput(e.currentTarget.value),
    'aria-invalid': msg ? 'true' : undefined,
    'aria-describedby': describedBy,
    'data-testid': testid,
    maxLength,
    required,
    placeholder,
    autocomplete,
    ref,
    disabled,
    spellcheck,
  };
  return html`
    <div class=${`field${msg ? ' has-error' : ''}`}>
      <label for=${id}>${label}${required ? html`<span class="req" aria-hidden="true"> *</span>` : null}</label>
      ${multiline ? html`<textarea rows=${rows} ...${common}></textarea>` : html`<input type=${type} list=${list} ...${common} />`}
      ${hint ? html`<p class="hint" id=${`${id}-hint`}>${hint}</p>` : null}
      ${msg ? html`<p class="field-error" id=${`${id}-error`} role="alert" data-testid=${`error-${name}`}>${msg}</p>` : null}
    </div>
  `;
}

/** SelectField is a labelled <select>; options = [{value, label}]. */
export function SelectField({ name, label, value, onChange, options, err, testid, hint }) {
  const id = `f-${name}`;
  const msg = fieldError(err, name);
  return html`
    <div class=${`field${msg ? ' has-error' : ''}`}>
      <label for=${id}>${label}</label>
      <select id=${id} name=${name} value=${value} data-testid=${testid}
        aria-invalid=${msg ? 'true' : undefined}
        aria-describedby=${msg ? `${id}-error` : hint ? `${id}-hint` : undefined}
        onChange=${(e) => onChange(e.currentTarget.value)}>
        ${options.map((o) => html`<option value=${o.value} selected=${o.value === value}>${o.label}</option>`)}
      </select>
      ${hint ? html`<p class="hint" id=${`${id}-hint`}>${hint}</p>` : null}
      ${msg ? html`<p class="field-error" id=${`${id}-error`} role="alert" data-testid=${`error-${name}`}>${msg}</p>` : null}
    </div>
  `;
}

/**
 * FormError shows an error that is not about one of the form's own fields; an error about a
 * field the form does not show still names that field.
 */
export function FormError({ err, fields = [], testid = 'form-error' }) {
  if (!err || (err.field && fields.includes(err.field))) return null;
  const prefix = err.field ? `${fieldLabel(err.field)}: ` : '';
  return html`<div class="alert alert-error" role="alert" data-testid=${testid} data-code=${err.code}>${prefix}${errorText(err)}</div>`;
}

export function Spinner({ label }) {
  return html`<span class="spinner" role="status" aria-label=${label ?? t('common.loading')}></span>`;
}

export function Loading({ label }) {
  return html`<div class="state state-loading"><${Spinner} label=${label} /><span>${label ?? t('common.loading')}</span></div>`;
}

export function Empty({ title, children, testid }) {
  return html`<div class="state state-empty" data-testid=${testid}><p class="state-title">${title}</p>${children}</div>`;
}

/** ErrorState is a failed load with a retry button. */
export function ErrorState({ err, onRetry, testid = 'error-state' }) {
  return html`
    <div class="state state-error" role="alert" data-testid=${testid} data-code=${err?.code}>
      <p>${errorText(err)}</p>
      ${onRetry ? html`<button type="button" class="btn" onClick=${onRetry}>${t('common.retry')}</button>` : null}
    </div>
  `;
}

/** Pure skips re-rendering when every prop is identical (message bubbles during streaming). */
export class Pure extends Component {
  shouldComponentUpdate(next) {
    const a = this.props;
    for (const k in next) if (next[k] !== a[k]) return true;
    for (const k in a) if (!(k in next)) return true;
    return false;
  }
  render({ render, ...props }) {
    return render(props);
  }
}

/** LangBadge is the small "KO"/"EN"/"JA" tag of a room. */
export function LangBadge({ language }) {
  return html`<span class=${`badge badge-${language}`} title=${t(`lang.${language}`)}>${String(language ?? '').toUpperCase()}</span>`;
}
