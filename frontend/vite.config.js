import { defineConfig } from 'vite';

// The production bundle is embedded into the Go binary (//go:embed all:frontend/dist);
// public/gitkeep is copied into dist so the embed never sees an empty folder.
export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    // Webviews (WebView2, WebKitGTK, WKWebView) support modulepreload natively; the
    // polyfill would add an inline-capable helper we do not need under our CSP.
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 200,
  },
  test: {
    environment: 'jsdom',
    include: ['tests/unit/**/*.test.js'],
    setupFiles: ['tests/unit/setup.js'],
    pool: 'threads',
    poolOptions: { threads: { maxThreads: 2, minThreads: 1 } },
  },
});
