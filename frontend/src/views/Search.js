// The message search dialog: words to find, a room-language filter, and the results grouped by
// room (newest first) with the matching words marked. Choosing one opens its room at that message.
import { useLayoutEffect, useRef } from 'preact/hooks';
import { html } from '../html.js';
import { t, errorText } from '../i18n/index.js';
import { limits } from '../limits.js';
import { clockTime, fullTime } from '../format.js';
import { isMessageSearchShortcut, messageSearchShortcutLabel } from '../keys.js';
import { user } from '../store.js';
import {
  searchOpen, searchQuery, searchLanguage, searchState, searchResult, searchError,
  openSearch, closeSearch, searchSoon, runSearch, openHit, forgetSearch,
} from '../search.js';
import { LangBadge, Spinner } from './ui.js';

function Snippet({ parts }) {
  return html`<span class="search-snippet">${(parts ?? []).map((p) => (p.match ? html`<mark>${p.text}</mark>` : p.text))}</span>`;
}

function Results() {
  const res = searchResult.value;
  if (searchState.value === 'error') return html`<p class="alert alert-error" role="alert">${errorText(searchError.value)}</p>`;
  if (!res) return html`<p class="muted search-hint">${t('search.hint')}</p>`;
  if (!res.total) return html`<p class="muted" data-testid="search-none" data-query=${res.query} data-language=${res.language}>${t('search.none')}</p>`;
  const shown = res.rooms.reduce((n, r) => n + r.hits.length, 0);
  return html`
    <p class="muted search-count" data-testid="search-count" aria-live="polite" data-query=${res.query} data-language=${res.language}>
      ${res.more ? t('search.countMore', { n: res.total, shown }) : t('search.count', { n: res.total })}
    </p>
    <div class="search-results">
      ${res.rooms.map((r) => html`
        <section class="search-room" data-testid="search-room" data-room-id=${r.roomId}>
          <h3 class="search-room-title"><${LangBadge} language=${r.language} /> ${r.title}</h3>
          <ul>
            ${r.hits.map((h) => html`
              <li>
                <button type="button" class="search-hit" data-testid="search-hit" data-message-id=${h.messageId}
                  onClick=${() => openHit(r.roomId, h.messageId)}>
                  <span class="search-who">${h.role === 'user' ? t('search.you') : t('search.ai')}</span>
                  <${Snippet} parts=${h.snippet} />
                  <time datetime=${h.createdAt} title=${fullTime(h.createdAt)}>${clockTime(h.createdAt)}</time>
                </button>
              </li>`)}
          </ul>
        </section>`)}
    </div>
  `;
}

function Dialog() {
  const input = useRef(null);
  // In the update that shows the dialog, not after the next paint: what is typed (or Esc) the moment
  // it appears must reach it, not what had the focus before.
  useLayoutEffect(() => {
    input.current?.focus();
    input.current?.select();
    const onKey = (e) => {
      if (e.key === 'Escape') {
        e.preventDefault(); // this Esc closes the dialog; it must not also stop a reply
        e.stopPropagation();
        closeSearch();
      }
    };
    document.addEventListener('keydown', onKey, true);
    return () => document.removeEventListener('keydown', onKey, true);
  }, []);
  const languages = limits.value?.languages ?? ['ko', 'en', 'ja'];
  return html`
    <div class="search-scrim" onClick=${closeSearch} aria-hidden="true"></div>
    <div class="search-dialog" role="dialog" aria-modal="true" aria-labelledby="search-title" data-testid="message-search">
      <div class="search-head">
        <h2 id="search-title">${t('search.title')}</h2>
        <button type="button" class="icon-btn" aria-label=${t('search.close')} onClick=${closeSearch} data-testid="search-close">×</button>
      </div>
      <div class="search-tools">
        <input type="search" ref=${input} value=${searchQuery.value} data-testid="message-search-input" aria-label=${t('search.title')}
          placeholder=${t('search.placeholder', { shortcut: messageSearchShortcutLabel() })} maxLength="200"
          onInput=${(e) => { searchQuery.value = e.currentTarget.value; searchSoon(); }}
          onKeyDown=${(e) => { if (e.key === 'Enter' && !e.isComposing) runSearch(); }} />
        <select value=${searchLanguage.value} aria-label=${t('search.language')} data-testid="message-search-language"
          onChange=${(e) => { searchLanguage.value = e.currentTarget.value; runSearch(); }}>
          <option value="">${t('search.allLanguages')}</option>
          ${languages.map((l) => html`<option value=${l} selected=${searchLanguage.value === l}>${t(`lang.${l}`)}</option>`)}
        </select>
        ${searchState.value === 'searching' ? html`<${Spinner} label=${t('search.searching')} />` : null}
      </div>
      <${Results} />
    </div>
  `;
}

/** MessageSearch listens for Ctrl/Cmd+Shift+F while logged in and shows the dialog when open. */
export function MessageSearch() {
  const loggedIn = Boolean(user.value);
  // From the update that shows the shell, not after the next paint (as the room search's Ctrl+K).
  useLayoutEffect(() => {
    if (!loggedIn) {
      forgetSearch();
      return undefined;
    }
    const onKey = (e) => {
      if (isMessageSearchShortcut(e)) {
        e.preventDefault();
        openSearch();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [loggedIn]);
  return loggedIn && searchOpen.value ? html`<${Dialog} />` : null;
}
