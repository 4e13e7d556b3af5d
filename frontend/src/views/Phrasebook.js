// The phrasebook: every saved word and phrase with its meaning, reading and the sentence it came
// from; search, filter by language, edit, delete, add by hand, and export for Anki or as CSV.
import { useState, useEffect, useRef } from 'preact/hooks';
import { html } from '../html.js';
import * as api from '../api.js';
import { t, LANGS } from '../i18n/index.js';
import { fullTime } from '../format.js';
import { navigate, toast, toastError, rooms } from '../store.js';
import { dueCount, refreshDue, savePhrase } from '../phrases.js';
import * as listen from '../listen.js';
import { LangBadge, Loading, ErrorState, FormError, TextField } from './ui.js';

const EDIT_FIELDS = ['text', 'meaning', 'reading', 'note', 'context'];

function PhraseForm({ initial, onDone, onCancel, testid }) {
  const [form, setForm] = useState(() => ({ language: rooms.value[0]?.language ?? 'en', ...initial }));
  const [err, setErr] = useState(null);
  const set = (k) => (v) => setForm({ ...form, [k]: v });
  const submit = async (e) => {
    e.preventDefault();
    setErr(null);
    try {
      const saved = initial?.id ? await api.updatePhrase(initial.id, form) : await api.savePhrase({ ...form, source: 'manual' });
      onDone(saved);
    } catch (x) {
      setErr(api.normaliseError(x));
    }
  };
  return html`
    <form class="card phrase-form" onSubmit=${submit} noValidate data-testid=${testid}>
      <div class="field-row">
        <${TextField} name="text" label=${t('phrases.text')} value=${form.text} onInput=${set('text')} err=${err} testid="phrase-text" autofocus=${true} />
        <div class="field">
          <label for="f-phrase-language">${t('field.language')}</label>
          <select id="f-phrase-language" value=${form.language} data-testid="phrase-language" onChange=${(e) => set('language')(e.currentTarget.value)}>
            ${LANGS.map((l) => html`<option value=${l} selected=${form.language === l}>${t(`lang.${l}`)}</option>`)}
          </select>
        </div>
      </div>
      <${TextField} name="meaning" label=${t('phrases.meaning')} value=${form.meaning} onInput=${set('meaning')} err=${err} testid="phrase-meaning" />
      <${TextField} name="reading" label=${t('phrases.reading')} value=${form.reading} onInput=${set('reading')} err=${err} testid="phrase-reading" />
      <${TextField} name="note" label=${t('phrases.note')} value=${form.note} onInput=${set('note')} err=${err} testid="phrase-note" multiline=${true} rows=${2} />
      <${TextField} name="context" label=${t('phrases.context')} value=${form.context} onInput=${set('context')} err=${err} testid="phrase-context" multiline=${true} rows=${2} />
      <${FormError} err=${err} fields=${EDIT_FIELDS} testid="phrase-error" />
      <div class="form-actions">
        <button type="button" class="btn" onClick=${onCancel}>${t('common.cancel')}</button>
        <button type="submit" class="btn btn-primary" data-testid="phrase-save">${t('common.save')}</button>
      </div>
    </form>
  `;
}

function PhraseRow({ p, onEdit, onDelete }) {
  const due = new Date(p.card?.due ?? 0) <= new Date();
  return html`
    <li class="phrase" data-testid="phrase" data-id=${p.id}>
      <div class="phrase-main">
        <${LangBadge} language=${p.language} />
        <strong class="phrase-text" lang=${p.language} data-testid="phrase-text-shown">${p.text}</strong>
        ${p.reading ? html`<span class="muted phrase-reading">${p.reading}</span>` : null}
        ${due ? html`<span class="due-badge" data-testid="phrase-due">${t('phrases.due')}</span>` : null}
      </div>
      ${p.meaning ? html`<p class="phrase-meaning">${p.meaning}</p>` : null}
      ${p.note ? html`<p class="hint">${p.note}</p>` : null}
      ${p.context ? html`<p class="phrase-context" lang=${p.language}>“${p.context}”</p>` : null}
      <div class="msg-meta">
        <time datetime=${p.createdAt} title=${fullTime(p.createdAt)}>${t('phrases.savedOn', { date: new Date(p.createdAt).toLocaleDateString() })}</time>
        <button type="button" class="link small" data-testid="phrase-listen" onClick=${() => listen.listenText(`p:${p.id}`, p.text)}>${t('listen.play')}</button>
        <button type="button" class="link small" data-testid="phrase-edit" onClick=${() => onEdit(p)}>${t('chat.edit')}</button>
        <button type="button" class="link small danger" data-testid="phrase-delete" onClick=${() => onDelete(p)}>${t('phrases.delete')}</button>
      </div>
    </li>
  `;
}

async function exportAs(format, language) {
  try {
    const path = await api.savePhrasebookExport(format, language);
    if (path) toast(t('phrases.exported', { path }), { testid: 'phrases-exported' });
  } catch (e) {
    toastError(e);
  }
}

export function PhrasebookView() {
  const [search, setSearch] = useState('');
  const [language, setLanguage] = useState('');
  const [list, setList] = useState(null);
  const [err, setErr] = useState(null);
  const [editing, setEditing] = useState(null); // a phrase, {} for a new one, or null
  // Answers can come back out of order (a filter change then a search fires two lists), and an
  // undo's closure outlives the render it was made in: each load asks for the query as it is now,
  // and only the newest load's answer is shown.
  const query = useRef({ search, language });
  query.current = { search, language };
  const latest = useRef(0);
  const load = () => {
    const n = ++latest.current;
    const q = query.current;
    return api.listPhrases(q.search, q.language).then(
      (l) => { if (n === latest.current) { setList(l ?? []); setErr(null); } },
      (e) => { if (n === latest.current) setErr(api.normaliseError(e)); },
    );
  };
  useEffect(() => {
    load();
  }, [search, language]);
  const remove = async (p) => {
    try {
      await api.deletePhrases([p.id]);
      toast(t('phrases.deleted', { text: p.text }), {
        testid: 'phrase-deleted',
        action: { label: t('common.undo'), testid: 'phrase-undo', run: async () => { await savePhrase(p); load(); } },
      });
      refreshDue();
      load();
    } catch (e) {
      toastError(e);
    }
  };
  const done = () => {
    setEditing(null);
    refreshDue();
    load();
  };
  let body;
  if (err) body = html`<${ErrorState} err=${err} onRetry=${load} />`;
  else if (!list) body = html`<${Loading} />`;
  else if (!list.length) body = html`<p class="state state-empty" data-testid="phrases-empty">${search || language ? t('phrases.noMatch') : t('phrases.empty')}</p>`;
  else body = html`<ul class="phrase-list">${list.map((p) => html`<${PhraseRow} key=${p.id} p=${p} onEdit=${setEditing} onDelete=${remove} />`)}</ul>`;
  return html`
    <section class="page" aria-labelledby="phrasebook-title" data-testid="phrasebook-view">
      <div class="page-head">
        <h1 id="phrasebook-title">${t('phrases.title')}</h1>
        <button type="button" class="btn btn-primary" data-testid="review-start" disabled=${!dueCount.value}
          onClick=${() => navigate({ name: 'review' })}>${t('review.start', { n: dueCount.value ?? 0 })}</button>
      </div>
      <div class="row phrase-tools">
        <label class="visually-hidden" for="phrase-search">${t('phrases.search')}</label>
        <input id="phrase-search" type="search" value=${search} placeholder=${t('phrases.search')} data-testid="phrase-search"
          onInput=${(e) => setSearch(e.currentTarget.value)} />
        <label class="visually-hidden" for="phrase-filter">${t('rooms.filter')}</label>
        <select id="phrase-filter" value=${language} data-testid="phrase-filter" onChange=${(e) => setLanguage(e.currentTarget.value)}>
          <option value="" selected=${!language}>${t('rooms.allLanguages')}</option>
          ${LANGS.map((l) => html`<option value=${l} selected=${language === l}>${t(`lang.${l}`)}</option>`)}
        </select>
        <button type="button" class="btn" data-testid="phrase-add" onClick=${() => setEditing({})}>${t('phrases.add')}</button>
        <button type="button" class="btn" data-testid="export-anki" onClick=${() => exportAs('anki', language)}>${t('phrases.exportAnki')}</button>
        <button type="button" class="btn" data-testid="export-csv" onClick=${() => exportAs('csv', language)}>${t('phrases.exportCsv')}</button>
      </div>
      ${editing ? html`<${PhraseForm} key=${editing.id ?? 'new'} initial=${editing} onDone=${done} onCancel=${() => setEditing(null)}
        testid=${editing.id ? 'phrase-edit-form' : 'phrase-add-form'} />` : null}
      ${body}
    </section>
  `;
}
