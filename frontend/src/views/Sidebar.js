// The room list: search (Ctrl/Cmd+K), language filter, pinned rooms first then latest activity
// (or name, or language), a streaming marker, each room's menu (RoomMenu.js), multi-select
// delete with undo, and the way to the trash, Settings and the user menu.
import { useState, useEffect, useRef, useMemo } from 'preact/hooks';
import { html } from '../html.js';
import { t, lang } from '../i18n/index.js';
import { limits, loadLimits } from '../limits.js';
import { relativeTime, fullTime, plainPreview } from '../format.js';
import { isFindShortcut, findShortcutLabel, messageSearchShortcutLabel } from '../keys.js';
import { openSearch } from '../search.js';
import {
  rooms, roomsState, roomsError, activeRoomId, routeName, navigate, refreshRooms, filterRooms, trashRooms, toastError, sidebarOpen,
} from '../store.js';
import { isStreaming } from '../streaming.js';
import { Loading, Empty, ErrorState, LangBadge, Pure } from './ui.js';
import { UserMenu } from './UserMenu.js';
import { LearnLinks } from './LearnLinks.js';
import { DamageNotice } from './DamageNotice.js';
import { isUnread, noteRooms } from '../unread.js';
import * as api from '../api.js';
import { settings } from '../store.js';
import { pinned, loadPins, sortRooms, SORTS } from '../pins.js';
import { RoomMenu, RenameField, menuFor, renaming, deleteRoom } from './RoomMenu.js';

/** RoomItem is one room of the list; it re-renders only when its props change (see Pure). */
function RoomItem({ room, active, selecting, selected, onToggle, streaming, unread, isPinned }) {
  const open = () => navigate({ name: 'chat', roomId: room.id });
  const preview = room.preview ? `${room.previewRole === 'user' ? t('rooms.you') : ''}${plainPreview(room.preview)}` : t('rooms.noMessages');
  const menuOpen = menuFor.value === room.id;
  // The room's menu also opens by right-click and the keyboard's menu keys; Delete deletes (with Undo).
  const onContextMenu = (e) => {
    if (selecting) return;
    e.preventDefault();
    menuFor.value = room.id;
  };
  const onKeyDown = (e) => {
    if (selecting) return;
    if (e.key === 'Delete') {
      e.preventDefault();
      deleteRoom(room);
    } else if (e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey)) {
      e.preventDefault();
      menuFor.value = room.id;
    }
  };
  if (renaming.value === room.id) {
    return html`<li class="room-item renaming" data-testid="room-item" data-room-id=${room.id}><${RenameField} room=${room} /></li>`;
  }
  return html`
    <li class=${`room-item${active ? ' active' : ''}${selected ? ' selected' : ''}${isPinned ? ' pinned' : ''}`} data-testid="room-item"
      data-room-id=${room.id} data-pinned=${isPinned ? 'true' : undefined} onContextMenu=${onContextMenu}>
      ${selecting ? html`
        <input type="checkbox" class="room-check" checked=${selected} onChange=${() => onToggle(room.id)}
          aria-label=${t('rooms.selectRoom', { title: room.title })} data-testid="room-select" />` : null}
      <button type="button" class="room-link" onClick=${selecting ? () => onToggle(room.id) : open} onKeyDown=${onKeyDown}
        aria-current=${active ? 'page' : undefined} aria-keyshortcuts="Delete Shift+F10">
        <span class="room-line">
          <${LangBadge} language=${room.language} />
          ${isPinned ? html`<span class="pin-mark" aria-hidden="true" title=${t('rooms.pinnedMark')}>📌</span>` : null}
          <span class="room-title" data-testid="room-title">${room.title}</span>
          ${isPinned ? html`<span class="visually-hidden">${t('rooms.pinnedMark')}</span>` : null}
          ${streaming ? html`<span class="streaming-dot" data-testid="room-streaming" title=${t('rooms.streaming')}><span class="visually-hidden">${t('rooms.streaming')}</span></span>` : null}
          ${!streaming && unread ? html`<span class="unread-dot" data-testid="room-unread" title=${t('rooms.unread')}><span class="visually-hidden">${t('rooms.unread')}</span></span>` : null}
        </span>
        <span class="room-line room-meta">
          <span class="room-preview">${preview}</span>
          <time datetime=${room.lastActivityAt} title=${fullTime(room.lastActivityAt)}>${relativeTime(room.lastActivityAt)}</time>
        </span>
      </button>
      ${selecting ? null : html`
        <button type="button" class="icon-btn room-menu-button" aria-haspopup="menu" aria-expanded=${menuOpen ? 'true' : 'false'}
          aria-label=${t('rooms.menuFor', { title: room.title })} data-testid="room-menu-button"
          onClick=${() => (menuFor.value = menuOpen ? null : room.id)}>⋯</button>`}
      ${menuOpen && !selecting ? html`<${RoomMenu} room=${room} />` : null}
    </li>
  `;
}

const renderRoomItem = (props) => html`<${RoomItem} ...${props} />`;

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

  useEffect(() => {
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

  let body;
  if (roomsState.value === 'loading' && !rooms.value.length) body = html`<${Loading} label=${t('rooms.loading')} />`;
  else if (roomsState.value === 'error') body = html`<${ErrorState} err=${roomsError.value} onRetry=${refreshRooms} testid="rooms-error" />`;
  else if (!rooms.value.length) {
    body = html`<${Empty} title=${t('rooms.emptyTitle')} testid="rooms-empty"><p>${t('rooms.emptyBody')}</p><//>`;
  } else if (!list.length) {
    body = html`<${Empty} title=${t('rooms.noMatch')} testid="rooms-nomatch" />`;
  } else {
    body = html`
      <ul class="room-list" data-testid="room-list" aria-label=${t('rooms.listLabel')}>
        ${list.map((r) => html`<${Pure} key=${r.id} render=${renderRoomItem} room=${r} active=${r.id === activeId} selecting=${selecting}
          selected=${selected.has(r.id)} onToggle=${toggle} streaming=${isStreaming(r.id)} unread=${isUnread(r, activeId)}
          lang=${lang.value} tick=${tick} isPinned=${pins.includes(r.id)} />`)}
      </ul>`;
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
          <span class="muted" aria-live="polite">${t('rooms.selected', { n: selected.size })}</span>
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
