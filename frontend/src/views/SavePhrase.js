// The Save button that keeps a phrase the coach showed (a correction, a hint, a translation, a
// debrief phrase) in the phrasebook, with the sentence it came from. Saving twice updates the
// saved twin (Go matches on text + language), so the button stays usable after a save.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { t } from '../i18n/index.js';
import { savePhrase } from '../phrases.js';

/**
 * SavePhraseButton saves `input` (a PhraseInput: text, meaning, context, language, roomId,
 * source…) when pressed. Its accessible name names the phrase, so a screen reader user among
 * several Save buttons knows which one this is.
 */
export function SavePhraseButton({ input, testid = 'save-phrase' }) {
  const [state, setState] = useState('idle'); // idle | saving | saved
  const text = (input.text ?? '').trim();
  if (!text) return null;
  const save = async () => {
    setState('saving');
    const p = await savePhrase({ ...input, text });
    setState(p ? 'saved' : 'idle');
  };
  return html`<button type="button" class="link small save-phrase" data-testid=${testid} data-source=${input.source}
    data-state=${state} disabled=${state === 'saving'} aria-label=${t('save.label', { text })} title=${t('save.label', { text })}
    onClick=${save}>${state === 'saved' ? t('save.saved') : t('save.button')}</button>`;
}
