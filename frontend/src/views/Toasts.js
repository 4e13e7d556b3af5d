// Toasts: short notices at the bottom, some with an action (Undo).
import { html } from '../html.js';
import { t } from '../i18n/index.js';
import { toasts, dismissToast } from '../store.js';

export function Toasts() {
  return html`
    <div class="toasts" role="status" aria-live="polite">
      ${toasts.value.map((x) => html`
        <div key=${x.id} class=${`toast toast-${x.kind}`} data-testid=${x.testid}>
          <span>${x.text}</span>
          ${x.action ? html`<button type="button" class="btn btn-small" data-testid=${x.action.testid}
            onClick=${() => { dismissToast(x.id); x.action.run(); }}>${x.action.label}</button>` : null}
          <button type="button" class="icon-btn" aria-label=${t('common.dismiss')} onClick=${() => dismissToast(x.id)}>×</button>
        </div>`)}
    </div>
  `;
}
