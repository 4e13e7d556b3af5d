// @vitest-environment node
import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join, dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const src = join(dirname(fileURLToPath(import.meta.url)), '../../src');

function jsFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return jsFiles(p);
    return e.name.endsWith('.js') ? [p] : [];
  });
}

describe('module layout', () => {
  it('has no barrels: every name is imported from the module that defines it', () => {
    // `export * from` and `export { x } from` make a module answer for names it does not own.
    const reexports = jsFiles(src).flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      return [...text.matchAll(/^\s*export\s+(\*|\{[^}]*\})(\s+as\s+\w+)?\s+from\s+['"][^'"]+['"]/gm)]
        .map((m) => `${relative(src, file)}: ${m[0].trim()}`);
    });
    expect(reexports).toEqual([]);
  });
});
