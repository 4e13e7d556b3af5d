import { defineConfig } from 'vite';

// Under the Vite dev server (`npm run dev`, which `wails dev` starts and proxies), CSS arrives as
// <style> elements injected by Vite's client, which the strict CSP of index.html would block.
// Only the dev server's copy of the page gets 'unsafe-inline' for styles; built pages never do.
const devStylesCsp = {
  name: 'parley-dev-styles-csp',
  apply: 'serve',
  transformIndexHtml(html) {
    // The whole directive is replaced: next to a hash, browsers ignore 'unsafe-inline'.
    return html.replace(/style-src [^;"]*/, "style-src 'self' 'unsafe-inline'");
  },
};

// The production bundle is embedded into the Go binary (//go:embed all:frontend/dist);
// public/gitkeep is copied into dist so the embed never sees an empty folder.
export default defineConfig({
  plugins: [devStylesCsp],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    // Webviews (WebView2, WebKitGTK, WKWebView) support modulepreload natively; the
    // polyfill would add an inline-capable helper we do not need under our CSP.
    modulePreload: { polyfill: false },
    // A size budget, not a default: 217 kB minified (71 kB gzip) today, two thirds of it
    // marked + DOMPurify; a warning past 240 kB asks whether a new dependency earns its place.
    chunkSizeWarningLimit: 240,
  },
  test: {
    environment: 'jsdom',
    include: ['tests/unit/**/*.test.js'],
    setupFiles: ['tests/unit/setup.js'],
    pool: 'threads',
    poolOptions: { threads: { maxThreads: 2, minThreads: 1 } },
  },
});
