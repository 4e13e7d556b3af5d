import { defineConfig } from 'vite';

// Under the Vite dev server (`npm run dev`, which `wails dev` starts and proxies), CSS arrives as
// <style> elements injected by Vite's client, which the strict CSP of index.html would block, and
// Vite's reload socket and the Wails dev bridge connect to loopback ports other than the page's
// (WebKitGTK may not let 'self' match ws: at all). Only the dev server's copy of the page gets
// 'unsafe-inline' for styles and loopback websockets; built pages never do.
export const DEV_CONNECT_SRC = "connect-src 'self' ws://localhost:* ws://127.0.0.1:*";
const devServerCsp = {
  name: 'parley-dev-server-csp',
  apply: 'serve',
  transformIndexHtml(html) {
    // Whole directives of the CSP meta (not of the comments around it) are replaced: next to a
    // hash, browsers ignore 'unsafe-inline'.
    return html.replace(/(http-equiv="Content-Security-Policy"\s+content=")([^"]*)/, (_, head, csp) => head + csp
      .replace(/style-src [^;]*/, "style-src 'self' 'unsafe-inline'")
      .replace(/connect-src [^;]*/, DEV_CONNECT_SRC));
  },
};

// The production bundle is embedded into the Go binary (//go:embed all:frontend/dist);
// public/gitkeep is copied into dist so the embed never sees an empty folder.
export default defineConfig({
  plugins: [devServerCsp],
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
    // The tests wait on conditions, not on time; this only bounds a hang. On a
    // loaded 2-core machine a jsdom render can take seconds.
    testTimeout: 20_000,
  },
});
