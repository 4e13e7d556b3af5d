// @vitest-environment node
// Vite's own config loads esbuild, which needs Node's TextEncoder rather than jsdom's.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const indexHtml = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../../index.html'), 'utf8');

/** policy reads the CSP meta of a page into {directive: [sources]}. */
function policy(html) {
  const content = /http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(html)[1];
  return Object.fromEntries(content.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
}

async function config(mode) {
  const { default: c } = await import('../../vite.config.js');
  const resolved = typeof c === 'function' ? c({ command: mode === 'serve' ? 'serve' : 'build', mode: 'production' }) : c;
  return resolved;
}

/** pageFor is index.html as Vite hands it out in that command: every plugin that applies runs. */
async function pageFor(command) {
  const c = await config(command);
  let html = indexHtml;
  for (const p of c.plugins ?? []) {
    const applies = p.apply === undefined || p.apply === command;
    if (applies && typeof p.transformIndexHtml === 'function') html = p.transformIndexHtml(html) ?? html;
  }
  return html;
}

describe('the page in each build', () => {
  it('lets the built app connect to itself only: no websocket to any other host', async () => {
    const built = policy(await pageFor('build'));
    expect(built['connect-src']).toEqual(["'self'"]);
    expect(built['style-src']).not.toContain("'unsafe-inline'");
    expect(built['script-src']).toEqual(["'self'"]);
  });

  it('widens only the Vite dev server page: inline styles and loopback websockets', async () => {
    const dev = policy(await pageFor('serve'));
    expect(dev['style-src']).toEqual(["'self'", "'unsafe-inline'"]);
    expect(dev['connect-src']).toEqual(["'self'", 'ws://localhost:*', 'ws://127.0.0.1:*']);
    expect(dev['connect-src']).not.toContain('ws:');
    expect(dev['script-src']).toEqual(["'self'"]);
  });
});
