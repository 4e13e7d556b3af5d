// A room's menu in the list (its ⋯ button, a right-click, or Shift+F10 / the context-menu key):
// rename in place, edit the scene, practise it again in a fresh room, pin, see its usage, and
// delete with undo (also the Delete key on a room).
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { signal } from '@preact/signals';
import { html } from '../html.js';
import * as api from '../api.js';
import { t } from '../i18n/index.js';
import { limits } from '../limits.js';
import { navigate, upsertRoom, trashRooms, toast, toastError } from '../store.js';
import { pinned, setPinned } from '../pins.js';

/** menuFor is the id of the room whose menu is open; renaming, the one being renamed in place. */
export const menuFor = signal(null);
export const renaming = signal(null);

/** resetRoomMenu closes any menu or rename of a learner who logged out. */
export function resetRoomMenu() {
  menuFor.value = null;
  renaming.value = null;
}

/**
 * focusRoom puts the focus back on a room's link after its menu or rename closed, unless the
 * learner has moved it somewhere meanwhile (taking it would blur, and so save, a new rename).
 */
function focusRoom(id) {
  requestAnimationFrame(() => {
    const at = document.activeElement;
    if (at && at !== document.body && at.isConnected) return;
    document.querySelector(`[data-testid=room-item][data-room-id="${id}"] .room-link`)?.focus();
  });
}

/** deleteRoom moves one room to the trash with an Undo, as the multi-select delete does. */
export async function deleteRoom(room) {
  try {
    await trashRooms([room.id], {
      doneText: t('rooms.deletedOne', { title: room.title }),
      undoLabel: t('common.undo'),
      undoneText: t('rooms.restoredOne', { title: room.title }),
    });
  } catch (e) {
    toastError(e);
  }
}

/** againTitle names the copy of a room: "Café (again)", cut to fit the longest title Go accepts. */
export function againTitle(title, max = limits.value?.maxTitle ?? 80) {
  const suffix = t('rooms.againSuffix');
  const chars = [...String(title ?? '')];
  const room = max - [...suffix].length;
  return (chars.length > room ? chars.slice(0, Math.max(0, room - 1)).join('') + '…' : chars.join('')) + suffix;
}

/** practiseAgain makes a fresh room with the same scene and opens it; the old one keeps its talk. */
export async function practiseAgain(room) {
  try {
    const full = await api.getRoom(room.id);
    const copy = await api.createRoom({ ...api.roomInput(full), title: againTitle(full.title) });
    upsertRoom(copy);
    navigate({ name: 'chat', roomId: copy.id });
  } catch (e) {
    toastError(e);
  }
}

export function RoomMenu({ room }) {
  const ref = useRef(null);
  const isPinned = pinned.value.includes(room.id);
  const close = (refocus = true) => {
    menuFor.value = null;
    if (refocus) focusRoom(room.id);
  };
  // In the update that shows the menu, not after the next paint: a key pressed the moment it
  // appears moves in it or closes it.
  useLayoutEffect(() => {
    const onDown = (e) => ref.current && !ref.current.contains(e.target) && close(false);
    const onKey = (e) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation(); // this Esc closes the menu only, not the drawer or a reply
        close();
        return;
      }
      if (e.key === 'Tab') {
        close(false);
        return;
      }
      const items = [...(ref.current?.querySelectorAll('[role=menuitem]') ?? [])];
      const i = items.indexOf(document.activeElement);
      const to = { ArrowDown: i + 1, ArrowUp: i - 1, Home: 0, End: items.length - 1 }[e.key];
      if (to === undefined || !items.length) return;
      e.preventDefault();
      items[(to + items.length) % items.length].focus();
    };
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKey, true);
    ref.current?.querySelector('[role=menuitem]')?.focus();
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKey, true);
    };
  }, []);
  const run = (fn) => () => {
    close(false);
    fn();
  };
  const pin = async () => {
    try {
      await setPinned(room.id, !isPinned);
      toast(isPinned ? t('rooms.unpinned', { title: room.title }) : t('rooms.pinned', { title: room.title }), { ms: 2500 });
    } catch (e) {
      toastError(e);
    }
    focusRoom(room.id);
  };
  return html`
    <div class="menu room-menu" role="menu" ref=${ref} aria-label=${t('rooms.menuFor', { title: room.title })} data-testid="room-menu">
      <button type="button" role="menuitem" data-testid="room-menu-rename" onClick=${run(() => { renaming.value = room.id; })}>${t('rooms.rename')}</button>
      <button type="button" role="menuitem" data-testid="room-menu-edit" onClick=${run(() => navigate({ name: 'edit', roomId: room.id }))}>${t('chat.editScenario')}</button>
      <button type="button" role="menuitem" data-testid="room-menu-again" onClick=${run(() => practiseAgain(room))}>${t('rooms.again')}</button>
      <button type="button" role="menuitem" data-testid="room-menu-pin" onClick=${run(pin)}>${isPinned ? t('rooms.unpin') : t('rooms.pin')}</button>
      <button type="button" role="menuitem" data-testid="room-menu-usage" onClick=${run(() => navigate({ name: 'usage', roomId: room.id }))}>${t('usage.title')}</button>
      <button type="button" role="menuitem" class="danger" data-testid="room-menu-delete" onClick=${run(() => deleteRoom(room))}>${t('rooms.delete')}</button>
    </div>`;
}

/** RenameField replaces a room's title in the list while it is renamed: Enter saves, Esc cancels. */
export function RenameField({ room }) {
  const [value, setValue] = useState(room.title);
  const [busy, setBusy] = useState(false);
  const ref = useRef(null);
  // Enter saves and closes; the blur that closing causes must not save a second time.
  const settled = useRef(false);
  // Typing the moment the field appears replaces the old name.
  useLayoutEffect(() => {
    ref.current?.focus();
    ref.current?.select();
  }, []);
  const done = () => {
    settled.current = true;
    renaming.value = null;
    focusRoom(room.id);
  };
  const save = async () => {
    const title = value.trim();
    if (busy || settled.current) return;
    if (!title || title === room.title) {
      done();
      return;
    }
    setBusy(true);
    try {
      const full = await api.getRoom(room.id);
      upsertRoom(await api.updateRoom(room.id, { ...api.roomInput(full), title }));
      done();
    } catch (e) {
      toastError(e);
      setBusy(false);
    }
  };
  const onKeyDown = (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      save();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      done();
    }
  };
  return html`
    <div class="room-rename">
      <label class="visually-hidden" for=${`rename-${room.id}`}>${t('rooms.renameLabel', { title: room.title })}</label>
      <input id=${`rename-${room.id}`} ref=${ref} value=${value} maxLength=${limits.value?.maxTitle} disabled=${busy}
        data-testid="room-rename" onInput=${(e) => setValue(e.currentTarget.value)} onKeyDown=${onKeyDown} onBlur=${save} />
    </div>`;
}
