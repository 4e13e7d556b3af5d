// The room list: search (Ctrl/Cmd+K), language filter, latest activity first, a streaming
// marker, multi-select delete with undo, and the way to the trash and the user menu.
import { useState, useEffect, useRef } from 'preact/hooks';
import { html } from '../html.js';
import { t } from '../i18n/index.js';
import { limits, loadLimits } from '../limits.js';
import { relativeTime, fullTime, plainPreview } from '../format.js';
import { isFindShortcut, findShortcutLabel } from '../keys.js';
import {
  rooms, roomsState, roomsError, route, navigate, refreshRooms, filterRooms, trashRooms, toastError, sidebarOpen,
} from '../store.js';
import { isStreaming } from '../streaming.js';
import { listTrash } from '../api.js';
import { Loading, Empty, ErrorState, LangBadge } from './ui.js';
import { UserMenu } from './UserMenu.js';
import { isUnread, noteRooms } from '../unread.js';

function RoomItem({ room, active, selecting, selected, onToggle, streaming, unread }) {
  const open = () => navigate({ name: 'chat', roomId: room.id });
  const preview = room.preview ? `${room.previewRole === 'user' ? t('rooms.you') : ''}${plainPreview(room.preview)}` : t('rooms.noMessages');
  return html`
    <li class=${`room-item${active ? ' active' : ''}${selected ? ' selected' : ''}`} data-testid="room-item" data-room-id=${room.id}>
      ${selecting ? html`
        <input type="checkbox" class="room-check" checked=${selected} onChange=${() => onToggle(room.id)}
          aria-label=${t('rooms.selectRoom', { title: room.title })} data-testid="room-select" />` : null}
      <button type="button" class="room-link" onClick=${selecting ? () => onToggle(room.id) : open}
        aria-current=${active ? 'page' : undefined}>
        <span class="room-line">
          <${LangBadge} language=${room.language} />
          <span class="room-title" data-testid="room-title">${room.title}</span>
          ${streaming ? html`<span class="streaming-dot" data-testid="room-streaming" title=${t('rooms.streaming')}><span class="visually-hidden">${t('rooms.streaming')}</span></span>` : null}
          ${!streaming && unread ? html`<span class="unread-dot" data-testid="room-unread" title=${t('rooms.unread')}><span class="visually-hidden">${t('rooms.unread')}</span></span>` : null}
        </span>
        <span class="room-line room-meta">
          <span class="room-preview" lang=${room.preview ? room.language : undefined}>${preview}</span>
          <time datetime=${room.lastActivityAt} title=${fullTime(room.lastActivityAt)}>${relativeTime(room.lastActivityAt)}</time>
        </span>
      </button>
    </li>
  `;
}

export function Sidebar() {
  const [query, setQuery] = useState('');
  const [language, setLanguage] = useState('');
  const [selecting, setSelecting] = useState(false);
  const [selected, setSelected] = useState(() => new Set());
  const [deleting, setDeleting] = useState(false);
  const searchRef = useRef(null);
  const [, setTick] = useState(0);

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
  }, []);
  // The practice languages Go offers; without its answer, those the rooms themselves use.
  const languages = limits.value?.languages ?? [...new Set(rooms.value.map((r) => r.language))];
  const list = filterRooms(rooms.value, query, language);
  const activeId = route.value.roomId;
  // What is on screen counts as seen; the open room never shows as unread.
  useEffect(() => {
    if (roomsState.value === 'ready') noteRooms(rooms.value, activeId);
  }, [rooms.value, activeId, roomsState.value]);
  const toggle = (id) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setSelected(next);
  };
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
    listTrash().then((list) => live && setInTrash((list ?? []).length), () => live && setInTrash(0));
    return () => {
      live = false;
    };
  }, [empty, route.value.name]);

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
      <ul class="room-list" data-testid="room-list" aria-label=${t('rooms.listLabel')}>
        ${list.map((r) => html`<${RoomItem} key=${r.id} room=${r} active=${r.id === activeId} selecting=${selecting}
          selected=${selected.has(r.id)} onToggle=${toggle} streaming=${isStreaming(r.id)} unread=${isUnread(r, activeId)} />`)}
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
      </div>
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
        `}
      </div>
      <div class="sidebar-list">${body}</div>
      <div class="sidebar-foot">
        <button type="button" class=${`link${route.value.name === 'trash' ? ' active' : ''}`} data-testid="open-trash"
          onClick=${() => navigate({ name: 'trash' })}>${t('trash.title')}</button>
        <${UserMenu} />
      </div>
    </nav>
  `;
}
