// The room list: search (Ctrl/Cmd+K), language filter, pinned rooms first then latest activity
// (or name, or language), a streaming marker, each room's menu (RoomMenu.js), multi-select
// delete with undo, and the way to the trash, Settings and the user menu.
import { useState, useEffect, useLayoutEffect, useRef, useMemo } from 'preact/hooks';
import { html } from '../html.js';
import { t, lang } from '../i18n/index.js';
import { limits, loadLimits } from '../limits.js';
import { isFindShortcut, findShortcutLabel, messageSearchShortcutLabel } from '../keys.js';
import { openSearch } from '../search.js';
import {
  rooms, roomsState, roomsError, activeRoomId, routeName, navigate, refreshRooms, filterRooms, trashRooms, toastError, sidebarOpen,
} from '../store.js';
import { isStreaming } from '../streaming.js';
import { Loading, Empty, ErrorState } from './ui.js';
import { UserMenu } from './UserMenu.js';
import { LearnLinks } from './LearnLinks.js';
import { DamageNotice } from './DamageNotice.js';
import { isUnread, noteRooms } from '../unread.js';
import * as api from '../api.js';
import { settings } from '../store.js';
import { pinned, loadPins, sortRooms, SORTS } from '../pins.js';
import { RoomList } from './RoomList.js';

export function Sidebar() {
  const [query, setQuery] = useState('');
  const [language, setLanguage] = useState('');
  const [selecting, setSelecting] = useState(false);
  const [selected, setSelected] = useState(() => new Set());
  const [deleting, setDeleting] = useState(false);
  const searchRef = useRef(null);
  const [tick, setTick] = useState(0);

  // "5 min ago" must move on even when nothing else changes.
  useEffect(() => {
    const timer = setInterval(() => setTick((n) => n + 1), 60000);
    return () => clearInterval(timer);
  }, []);

  // Listening from the update that shows the list, not after the next paint: Ctrl+K pressed the
  // moment the shell appears finds the search box.
  useLayoutEffect(() => {
    const onKey = (e) => {
      if (isFindShortcut(e) && searchRef.current) {
        e.preventDefault();
        // On a narrow window the list is a closed drawer: open it first.
        if (window.matchMedia?.('(max-width: 900px)').matches) sidebarOpen.value = true;
        const focus = () => {
          searchRef.current?.focus();
          searchRef.current?.select();
        };
        focus();
        requestAnimationFrame(focus);
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  // Esc empties a search that has text, and only that: it must not also stop a reply.
  const clearOnEsc = (e) => {
    if (e.key !== 'Escape' || !e.currentTarget.value) return;
    e.preventDefault();
    setQuery('');
  };

  useEffect(() => {
    loadLimits();
    loadPins();
  }, []);
  // The practice languages Go offers; without its answer, those the rooms themselves use.
  const languages = limits.value?.languages ?? [...new Set(rooms.value.map((r) => r.language))];
  const all = rooms.value;
  const sortBy = settings.value?.roomSort ?? '';
  const pins = pinned.value;
  const list = useMemo(() => sortRooms(filterRooms(all, query, language), pins, sortBy), [all, query, language, pins, sortBy]);
  const setSort = async (by) => {
    const s = settings.value;
    if (!s) return;
    settings.value = { ...s, roomSort: by };
    try {
      settings.value = await api.saveSettings({ ...s, apiKey: '', clearKey: false, roomSort: by });
    } catch (e) {
      settings.value = s;
      toastError(e);
    }
  };
  const activeId = activeRoomId.value;
  // What is on screen counts as seen; the open room never shows as unread.
  useEffect(() => {
    if (roomsState.value === 'ready') noteRooms(rooms.value, activeId);
  }, [rooms.value, activeId, roomsState.value]);
  // One toggle for the page's lifetime, so a room's props stay the same from render to render.
  const [toggle] = useState(() => (id) => setSelected((cur) => {
    const next = new Set(cur);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    return next;
  }));
  const endSelect = () => {
    setSelecting(false);
    setSelected(new Set());
  };
  const remove = async () => {
    const ids = [...selected];
    if (!ids.length) return;
    setDeleting(true);
    try {
      await trashRooms(ids, {
        doneText: t('rooms.movedToTrash', { n: ids.length }),
        undoLabel: t('common.undo'),
        undoneText: t('rooms.restored', { n: ids.length }),
      });
      endSelect();
    } catch (e) {
      toastError(e);
    } finally {
      setDeleting(false);
    }
  };

  // An empty list with rooms in the trash is not "no rooms yet": say where they are.
  const [inTrash, setInTrash] = useState(0);
  const empty = roomsState.value === 'ready' && !rooms.value.length;
  useEffect(() => {
    if (!empty) return undefined;
    let live = true;
    api.listTrash().then((list) => live && setInTrash((list ?? []).length), () => live && setInTrash(0));
    return () => {
      live = false;
    };
  }, [empty, routeName.value]);

  let body;
  if (roomsState.value === 'loading' && !rooms.value.length) body = html`<${Loading} label=${t('rooms.loading')} />`;
  else if (roomsState.value === 'error') body = html`<${ErrorState} err=${roomsError.value} onRetry=${refreshRooms} testid="rooms-error" />`;
  else if (!rooms.value.length && inTrash) {
    body = html`
      <${Empty} title=${t('rooms.emptyTitleTrash')} testid="rooms-empty">
        <p>${t('rooms.emptyBodyTrash', { n: inTrash })}</p>
        <button type="button" class="link" data-testid="rooms-empty-trash" onClick=${() => navigate({ name: 'trash' })}>${t('rooms.openTrash')}</button>
      <//>`;
  } else if (!rooms.value.length) {
    body = html`<${Empty} title=${t('rooms.emptyTitle')} testid="rooms-empty"><p>${t('rooms.emptyBody')}</p><//>`;
  } else if (!list.length) {
    body = html`<${Empty} title=${t('rooms.noMatch')} testid="rooms-nomatch" />`;
  } else {
    body = html`
      <${RoomList} list=${list} activeId=${activeId} label=${t('rooms.listLabel')} row=${(r) => ({
        active: r.id === activeId, selecting, selected: selected.has(r.id), onToggle: toggle, streaming: isStreaming(r.id),
        unread: isUnread(r, activeId), lang: lang.value, tick, isPinned: pins.includes(r.id),
      })} />`;
  }

  return html`
    <nav class="sidebar-inner" aria-label=${t('rooms.navLabel')}>
      <div class="sidebar-head">
        <span class="brand">Parley</span>
        <button type="button" class="btn btn-primary btn-small" data-testid="new-room" onClick=${() => navigate({ name: 'new' })}>
          ${t('rooms.new')}
        </button>
      </div>
      <div class="sidebar-tools">
        <label class="visually-hidden" for="room-search">${t('rooms.search')}</label>
        <input id="room-search" type="search" ref=${searchRef} value=${query} data-testid="room-search"
          placeholder=${t('rooms.searchPlaceholder', { shortcut: findShortcutLabel() })} onInput=${(e) => setQuery(e.currentTarget.value)}
          onKeyDown=${clearOnEsc} />
        <button type="button" class="link small search-all" data-testid="open-message-search" onClick=${openSearch}>
          ${t('search.open')} <span class="muted">${messageSearchShortcutLabel()}</span>
        </button>
      </div>
      <${DamageNotice} />
      <div class="sidebar-select">
        ${selecting ? html`
          <span class="muted" aria-live="polite" data-testid="selected-count">${t('rooms.selected', { n: selected.size })}</span>
          <button type="button" class="btn btn-danger btn-small" disabled=${!selected.size || deleting} onClick=${remove}
            data-testid="delete-selected">${t('rooms.deleteSelected')}</button>
          <button type="button" class="btn btn-small" onClick=${endSelect} data-testid="cancel-select">${t('common.cancel')}</button>
        ` : html`
          <button type="button" class="link" disabled=${!rooms.value.length} onClick=${() => setSelecting(true)}
            data-testid="select-rooms">${t('rooms.select')}</button>
          <label class="visually-hidden" for="room-filter">${t('rooms.filter')}</label>
          <select id="room-filter" value=${language} data-testid="room-filter" onChange=${(e) => setLanguage(e.currentTarget.value)}>
            <option value="" selected=${language === ''}>${t('rooms.allLanguages')}</option>
            ${languages.map((l) => html`<option value=${l} selected=${language === l}>${t(`lang.${l}`)}</option>`)}
          </select>
          <label class="visually-hidden" for="room-sort">${t('rooms.sort')}</label>
          <select id="room-sort" value=${sortBy} data-testid="room-sort" onChange=${(e) => setSort(e.currentTarget.value)}>
            ${SORTS.map((k) => html`<option value=${k} selected=${sortBy === k}>${t(`rooms.sort.${k || 'recent'}`)}</option>`)}
          </select>
        `}
      </div>
      <div class="sidebar-list">${body}</div>
      <${LearnLinks} />
      <div class="sidebar-foot">
        <button type="button" class=${`link${routeName.value === 'trash' ? ' active' : ''}`} data-testid="open-trash"
          onClick=${() => navigate({ name: 'trash' })}>${t('trash.title')}</button>
        <button type="button" class=${`link${routeName.value === 'settings' ? ' active' : ''}`} data-testid="open-settings"
          onClick=${() => navigate({ name: 'settings' })}>${t('settings.title')}</button>
        <${UserMenu} />
      </div>
    </nav>
  `;
}
