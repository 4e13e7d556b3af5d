// @vitest-environment node
// Vite's own config loads esbuild, which needs Node's TextEncoder rather than jsdom's.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const indexHtml = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../../index.html'), 'utf8');

describe('the dev server page', () => {
  it('allows inline styles only when served by Vite, never in a build', async () => {
    const { default: config } = await import('../../vite.config.js');
    const plugin = config.plugins.find((p) => p.name === 'parley-dev-styles-csp');
    expect(plugin.apply).toBe('serve');
    const out = plugin.transformIndexHtml(indexHtml);
    expect(out).toContain("style-src 'self' 'unsafe-inline';");
    expect(out).toContain("script-src 'self';");
    const built = /http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(indexHtml)[1];
    expect(built).not.toContain("'unsafe-inline'");
  });
});
