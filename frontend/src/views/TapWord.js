// Tap a word (or select a phrase) in any message: a small card shows its reading, dictionary
// form, meaning in the UI language and a usage note (one cached request to the model), with
// Listen and Save to phrasebook.
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { html } from '../html.js';
import * as api from '../api.js';
import { t, lang, errorText } from '../i18n/index.js';
import { savePhrase } from '../phrases.js';
import * as listen from '../listen.js';
import { Spinner } from './ui.js';

const MAX_WORD = 80;

/** textOf is what a message says, without the furigana or romanisation drawn over it. */
export function textOf(el) {
  const copy = el.cloneNode(true);
  copy.querySelectorAll('rt, rp').forEach((n) => n.remove());
  return copy.textContent.replace(/\s+/g, ' ').trim();
}

/** wordAt finds the word at a point in a text node, with the language's word breaks. */
export function wordAt(text, offset, language) {
  if (typeof Intl !== 'undefined' && Intl.Segmenter) {
    for (const seg of new Intl.Segmenter(language, { granularity: 'word' }).segment(text)) {
      if (offset >= seg.index && offset <= seg.index + seg.segment.length && seg.isWordLike) return seg.segment;
    }
    return '';
  }
  const before = text.slice(0, offset).match(/[\p{L}\p{M}\p{N}'-]*$/u)[0];
  const after = text.slice(offset).match(/^[\p{L}\p{M}\p{N}'-]*/u)[0];
  return before + after;
}

/** sentenceAround picks the sentence of the message that holds the word. */
export function sentenceAround(text, word, language) {
  if (typeof Intl !== 'undefined' && Intl.Segmenter) {
    for (const seg of new Intl.Segmenter(language, { granularity: 'sentence' }).segment(text)) {
      if (seg.segment.includes(word)) return seg.segment.trim();
    }
  }
  return text;
}

function caretAt(x, y) {
  if (document.caretRangeFromPoint) {
    const r = document.caretRangeFromPoint(x, y);
    return r && { node: r.startContainer, offset: r.startOffset };
  }
  const p = document.caretPositionFromPoint?.(x, y);
  return p && { node: p.offsetNode, offset: p.offset };
}

/** pick works out what was tapped: a selection inside the bubble, or the word under the pointer. */
function pick(e, textEl, language) {
  const sel = window.getSelection?.();
  if (sel && !sel.isCollapsed && textEl.contains(sel.anchorNode) && textEl.contains(sel.focusNode)) {
    const s = sel.toString().replace(/\s+/g, ' ').trim();
    return s.length <= MAX_WORD ? s : '';
  }
  const c = caretAt(e.clientX, e.clientY);
  if (!c || c.node?.nodeType !== Node.TEXT_NODE || c.node.parentElement?.closest('rt')) return '';
  return wordAt(c.node.data, c.offset, language);
}

function Card({ tap, onClose }) {
  const [state, setState] = useState({ loading: true });
  const ref = useRef(null);
  useEffect(() => {
    const callId = api.newCallId();
    let live = true;
    api.lookupWord({ word: tap.word, sentence: tap.sentence, language: tap.language, uiLanguage: lang.value }, callId)
      .then((info) => live && setState({ info }), (err) => live && setState({ err: api.normaliseError(err) }));
    return () => {
      live = false;
      api.cancelCall(callId).catch(() => {});
    };
  }, [tap]);
  // In the update that shows the card, not after the next paint: Esc pressed the moment it appears
  // must close it, and a key must not reach what had the focus before.
  useLayoutEffect(() => {
    ref.current?.focus();
    const onKey = (e) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        onClose();
      }
    };
    document.addEventListener('keydown', onKey, true);
    return () => document.removeEventListener('keydown', onKey, true);
  }, []);
  const { info, err } = state;
  const save = () => savePhrase({
    text: tap.word, meaning: info?.meaning ?? '', reading: info?.reading ?? '',
    note: [info?.dictionaryForm && info.dictionaryForm !== tap.word ? `${t('tap.dictionaryForm')}: ${info.dictionaryForm}` : '', info?.note ?? ''].filter(Boolean).join('\n'),
    context: tap.sentence, language: tap.language, roomId: tap.roomId, source: 'tap',
  }).then((p) => p && onClose());
  const style = { left: `${Math.min(tap.x, window.innerWidth - 340)}px`, top: `${Math.min(tap.y + 14, window.innerHeight - 260)}px` };
  return html`
    <div class="tap-card card" role="dialog" aria-label=${t('tap.label', { word: tap.word })} style=${style} tabIndex="-1" ref=${ref}
      data-testid="tap-card">
      <div class="tap-head">
        <strong lang=${tap.language} data-testid="tap-word">${tap.word}</strong>
        <button type="button" class="icon-btn" aria-label=${t('common.dismiss')} onClick=${onClose}>×</button>
      </div>
      ${state.loading ? html`<p><${Spinner} /> ${t('tap.loading')}</p>` : null}
      ${err ? html`<p class="field-error" role="alert" data-testid="tap-error" data-code=${err.code}>${errorText(err)}</p>` : null}
      ${info ? html`
        <dl class="tap-info">
          ${info.reading ? html`<dt>${t('phrases.reading')}</dt><dd lang=${tap.language} data-testid="tap-reading">${info.reading}</dd>` : null}
          ${info.dictionaryForm ? html`<dt>${t('tap.dictionaryForm')}</dt><dd lang=${tap.language} data-testid="tap-form">${info.dictionaryForm}</dd>` : null}
          <dt>${t('phrases.meaning')}</dt><dd data-testid="tap-meaning">${info.meaning}</dd>
          ${info.note ? html`<dt>${t('phrases.note')}</dt><dd data-testid="tap-note">${info.note}</dd>` : null}
        </dl>` : null}
      <div class="row">
        <button type="button" class="btn btn-small" data-testid="tap-listen" onClick=${() => listen.listenText(`w:${tap.word}`, tap.word)}>🔈 ${t('listen.play')}</button>
        <button type="button" class="btn btn-small btn-primary" data-testid="tap-save" disabled=${!info} onClick=${save}>${t('tap.save')}</button>
      </div>
    </div>
  `;
}

/** TapWord listens for taps on the open room's messages and shows the card for the word. */
export function TapWord({ room }) {
  const [tap, setTap] = useState(null);
  useEffect(() => {
    const onClick = (e) => {
      if (e.button !== 0 || e.defaultPrevented) return;
      const textEl = e.target?.closest?.('[data-testid=message] .bubble .text');
      if (!textEl || e.target.closest('a, button, input, textarea')) return;
      const word = pick(e, textEl, room.language);
      if (!word) return;
      setTap({ word, sentence: sentenceAround(textOf(textEl), word, room.language), language: room.language, roomId: room.id, x: e.clientX, y: e.clientY });
    };
    document.addEventListener('click', onClick);
    return () => document.removeEventListener('click', onClick);
  }, [room.id, room.language]);
  return tap ? html`<${Card} key=${`${tap.word}|${tap.x}|${tap.y}`} tap=${tap} onClose=${() => setTap(null)} />` : null;
}
