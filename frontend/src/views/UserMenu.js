// The user menu at the foot of the sidebar: settings, account, log out.
import { useState, useLayoutEffect, useRef } from 'preact/hooks';
import { html } from '../html.js';
import { t } from '../i18n/index.js';
import { user, navigate, logOut } from '../store.js';

export function UserMenu() {
  const [open, setOpen] = useState(false);
  const ref = useRef(null);
  // In the update that opens it, as the room menu: a key pressed at once reaches the menu.
  useLayoutEffect(() => {
    if (!open) return undefined;
    const onDown = (e) => ref.current && !ref.current.contains(e.target) && setOpen(false);
    const onKey = (e) => {
      if (e.key === 'Escape') {
        setOpen(false);
        ref.current?.querySelector('.user-button')?.focus();
        return;
      }
      // A menu moves with the arrow keys (WAI-ARIA menu pattern), Home and End.
      const items = [...(ref.current?.querySelectorAll('[role=menuitem]') ?? [])];
      const at = items.indexOf(document.activeElement);
      const to = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: items.length - 1 }[e.key];
      if (to === undefined || !items.length) return;
      e.preventDefault();
      items[(to + items.length) % items.length].focus();
    };
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKey);
    ref.current?.querySelector('[role=menuitem]')?.focus();
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);
  const go = (name) => {
    setOpen(false);
    navigate({ name });
  };
  const u = user.value;
  const name = u?.displayName || u?.username || '';
  return html`
    <div class="user-menu" ref=${ref}>
      <button type="button" class="user-button" aria-haspopup="menu" aria-expanded=${open ? 'true' : 'false'}
        data-testid="user-menu" onClick=${() => setOpen(!open)}>
        <span class="avatar" aria-hidden="true">${name.slice(0, 1).toUpperCase()}</span>
        <span class="user-name">${name}</span>
      </button>
      ${open ? html`
        <div class="menu" role="menu" aria-label=${t('menu.label')}>
          <button type="button" role="menuitem" data-testid="menu-settings" onClick=${() => go('settings')}>${t('settings.title')}</button>
          <button type="button" role="menuitem" data-testid="menu-account" onClick=${() => go('account')}>${t('account.title')}</button>
          <button type="button" role="menuitem" data-testid="logout" onClick=${() => { setOpen(false); logOut(); }}>${t('account.logout')}</button>
        </div>` : null}
    </div>
  `;
}
