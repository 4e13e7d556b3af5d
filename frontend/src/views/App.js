// The top level: start-up, the logged-out screens, or the shell (sidebar + main pane).
import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import { html } from '../html.js';
import { t } from '../i18n/index.js';
import { user, route, sidebarOpen, navigate, rooms } from '../store.js';
import { closeRoom } from '../chat/room.js';
import { AuthScreens } from './Auth.js';
import { Sidebar } from './Sidebar.js';
import { ChatView } from './Chat.js';
import { NewRoom, EditRoom } from './RoomEditor.js';
import { SettingsView } from './Settings.js';
import { AccountView } from './Account.js';
import { TrashView } from './Trash.js';
import { UsageView } from './Usage.js';
import { resetRoomMenu } from './RoomMenu.js';
import { Toasts } from './Toasts.js';
import { Onboarding, SetupReminder, onboardingStep, resetOnboarding } from './Onboarding.js';
import { PhrasebookView } from './Phrasebook.js';
import { ReviewView } from './Review.js';
import { ProgressView } from './Progress.js';
import { MessageSearch } from './Search.js';
import { Loading, Empty } from './ui.js';

function Home() {
  if (onboardingStep()) return html`<div class="page" data-testid="home"><${Onboarding} /></div>`;
  const has = rooms.value.length > 0;
  return html`
    <${Empty} title=${has ? t('home.pick') : t('home.welcome')} testid="home">
      <${SetupReminder} />
      <p>${has ? t('home.pickBody') : t('home.welcomeBody')}</p>
      <button type="button" class="btn btn-primary" onClick=${() => navigate({ name: 'new' })} data-testid="home-new-room">${t('rooms.new')}</button>
    <//>
  `;
}

function Main() {
  const r = route.value;
  switch (r.name) {
    case 'chat': return html`<${ChatView} key=${r.roomId} roomId=${r.roomId} at=${r.at ?? 0} />`;
    case 'new': return html`<${NewRoom} />`;
    // Keyed like the chat: another room's editor or usage starts afresh, never from the last room's.
    case 'edit': return html`<${EditRoom} key=${r.roomId} roomId=${r.roomId} />`;
    case 'settings': return html`<${SettingsView} />`;
    case 'account': return html`<${AccountView} />`;
    case 'trash': return html`<${TrashView} />`;
    case 'usage': return html`<${UsageView} key=${r.roomId ?? ''} roomId=${r.roomId} />`;
    case 'phrasebook': return html`<${PhrasebookView} />`;
    case 'review': return html`<${ReviewView} />`;
    case 'progress': return html`<${ProgressView} />`;
    default: return html`<${Home} />`;
  }
}

/** useDrawer keeps focus inside the rooms drawer on narrow windows and closes it on Esc or widening. */
function useDrawer(open) {
  const refocus = useRef(false);
  useEffect(() => {
    const wide = window.matchMedia?.('(min-width: 901px)');
    const onWide = () => wide.matches && (sidebarOpen.value = false);
    wide?.addEventListener?.('change', onWide);
    return () => wide?.removeEventListener?.('change', onWide);
  }, []);
  // In the update that opens or closes the drawer, not after the next paint: a focus moved later
  // would take the keyboard from whatever the learner reached in the meantime (a room's menu).
  useLayoutEffect(() => {
    if (!open) {
      // Esc closed the drawer: focus goes back to its toggle. The render that made the page behind
      // no longer inert (an inert element cannot take focus) has been committed by now.
      if (refocus.current) document.querySelector('[data-testid=sidebar-toggle]')?.focus();
      refocus.current = false;
      return undefined;
    }
    // Move focus into the drawer unless something in it (Ctrl+K's search) already has it.
    if (!document.getElementById('sidebar')?.contains(document.activeElement)) {
      document.querySelector('#sidebar [data-testid=new-room]')?.focus();
    }
    const onKey = (e) => {
      // One Esc does one thing: a search with text in it takes this one to clear itself.
      if (e.key === 'Escape' && e.target?.matches?.('[data-testid=room-search]') && e.target.value) return;
      // An open room menu or an in-place rename takes its own Esc.
      if (e.key === 'Escape' && e.target?.closest?.('[data-testid=room-menu], [data-testid=room-rename]')) return;
      if (e.key === 'Escape') {
        e.preventDefault(); // the drawer takes this Esc; it must not also stop a reply
        refocus.current = true;
        sidebarOpen.value = false;
      }
    };
    document.addEventListener('keydown', onKey, true);
    return () => document.removeEventListener('keydown', onKey, true);
  }, [open]);
}

function Shell() {
  const open = sidebarOpen.value;
  useDrawer(open);
  // Each screen opens at its top: the main pane is one scroller shared by all of them, and going
  // from a scrolled Settings to Account used to open Account at "Delete account".
  const mainRef = useRef(null);
  const { name, roomId } = route.value;
  useLayoutEffect(() => {
    if (mainRef.current) mainRef.current.scrollTop = 0;
  }, [name, roomId]);
  return html`
    <div class=${`shell${open ? ' sidebar-open' : ''}`}>
      <a class="skip-link" href="#main">${t('app.skipToMain')}</a>
      <aside class="sidebar" id="sidebar" data-testid="sidebar">
        <${Sidebar} />
      </aside>
      ${open ? html`<div class="scrim" onClick=${() => (sidebarOpen.value = false)} aria-hidden="true"></div>` : null}
      <div class="main-col" inert=${open ? true : undefined}>
        <div class="topbar">
          <button type="button" class="icon-btn menu-toggle" aria-controls="sidebar" aria-expanded=${open ? 'true' : 'false'}
            aria-label=${t('app.toggleRooms')} data-testid="sidebar-toggle" onClick=${() => (sidebarOpen.value = !open)}>☰</button>
          <span class="brand">Parley</span>
        </div>
        <main id="main" class="main" tabIndex="-1" ref=${mainRef}>
          <${Main} />
        </main>
      </div>
    </div>
  `;
}

export function App() {
  const u = user.value;
  useEffect(() => {
    if (u === null) {
      closeRoom();
      resetOnboarding();
      resetRoomMenu();
    }
  }, [u]);
  let body;
  if (u === undefined) body = html`<div class="splash"><${Loading} label=${t('app.starting')} /></div>`;
  else if (u === null) body = html`<${AuthScreens} />`;
  else body = html`<${Shell} />`;
  return html`${body}<${MessageSearch} /><${Toasts} />`;
}
