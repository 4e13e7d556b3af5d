// The sidebar's way to what the learner keeps: the phrasebook, the review with how many phrases
// are due, and progress.
import { useEffect } from 'preact/hooks';
import { html } from '../html.js';
import { t } from '../i18n/index.js';
import { route, navigate } from '../store.js';
import { dueCount, watchDue } from '../phrases.js';

export function LearnLinks() {
  useEffect(() => {
    watchDue();
  }, []);
  const at = route.value.name;
  const n = dueCount.value ?? 0;
  const link = (name, label, extra = null) => html`
    <button type="button" class=${`link learn-link${at === name ? ' active' : ''}`} data-testid=${`open-${name}`}
      aria-current=${at === name ? 'page' : undefined} onClick=${() => navigate({ name })}>${label}${extra}</button>`;
  return html`
    <div class="learn-links" role="group" aria-label=${t('learn.nav')}>
      ${link('phrasebook', t('phrases.title'))}
      ${link('review', t('review.title'), n ? html` <span class="count-badge" data-testid="due-count" title=${t('review.dueHelp', { n })}>${n}</span>` : null)}
      ${link('progress', t('progress.title'))}
    </div>
  `;
}
