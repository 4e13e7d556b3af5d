// Parley's web view entry point.
//
// Why Preact + htm: the whole UI framework is ~5 KB gzipped, so the embedded bundle stays lean,
// and it still gives a component model with hooks for a dozen screens. htm's tagged templates
// replace JSX, so Vite needs no JSX transform and the source runs as written. @preact/signals
// holds the app state (session, rooms, the open conversation) so only readers re-render.
import { render } from 'preact';
import { html } from './html.js';
import { App } from './views/App.js';
import { start } from './store.js';
import { listen } from './chat/live.js';
import { waitForBridge } from './api.js';
import { installNavigationGuards } from './nav.js';
import { applyTheme, rememberedTheme } from './theme.js';
import { lang } from './i18n/index.js';
import { toastError } from './store.js';
import { warmFormats } from './format.js';
import './controls.css';
import './styles.css';
import './chat.css';
import './speak.css';
import './learn.css';

applyTheme(rememberedTheme());
document.documentElement.lang = lang.value;
installNavigationGuards(document, { onError: toastError });
render(html`<${App} />`, document.getElementById('app'));

waitForBridge()
  .then(() => listen())
  .catch(() => {
    // start() reports a missing bridge on the log-in screen.
  });
start();
(window.requestIdleCallback ?? ((cb) => setTimeout(cb, 300)))(() => warmFormats());
