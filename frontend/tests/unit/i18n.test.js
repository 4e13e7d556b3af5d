import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { catalogues, osLanguage, t, lang, errorText, setLanguage } from '../../src/i18n/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const apperrGo = readFileSync(join(here, '../../../backend/apperr/apperr.go'), 'utf8');
const codes = [...apperrGo.matchAll(/^\s+\w+\s*=\s*"([a-z_.]+)"/gm)].map((m) => m[1]);

function sourceFiles(dir) {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.js') ? [p] : [];
  });
}

describe('UI catalogues', () => {
  const names = Object.keys(catalogues);
  const reference = Object.keys(catalogues.en).sort();

  it('exist for Korean, English and Japanese', () => {
    expect(names.sort()).toEqual(['en', 'ja', 'ko']);
  });

  it.each(['ko', 'ja'])('%s has exactly the keys of en', (name) => {
    const keys = Object.keys(catalogues[name]).sort();
    expect(reference.filter((k) => !keys.includes(k)), `missing in ${name}`).toEqual([]);
    expect(keys.filter((k) => !reference.includes(k)), `extra in ${name}`).toEqual([]);
  });

  it('reads the Go error codes (sanity check of the parser)', () => {
    expect(codes).toContain('auth.bad_credentials');
    expect(codes).toContain('llm.context_length');
    expect(codes.length).toBeGreaterThan(30);
  });

  it.each(['ko', 'en', 'ja'])('%s has a sentence for every apperr code', (name) => {
    const missing = codes.filter((c) => !catalogues[name][`err.${c}`]);
    expect(missing).toEqual([]);
  });

  it.each(['ko', 'en', 'ja'])('%s strings are non-empty and keep the {placeholders} of en', (name) => {
    for (const [key, en] of Object.entries(catalogues.en)) {
      const s = catalogues[name][key];
      expect(typeof s === 'string' && s.trim().length > 0, `${name}:${key}`).toBe(true);
      const ph = (x) => [...x.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(ph(s), `${name}:${key}`).toEqual(ph(en));
    }
  });

  it('has every key the source code asks for', () => {
    const used = new Set();
    for (const file of sourceFiles(join(here, '../../src'))) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\bt\('([a-zA-Z0-9_.]+)'/g)) used.add(m[1]);
    }
    expect(used.size).toBeGreaterThan(100);
    // A key with plural forms is asked for by its stem and found as stem.one, stem.other, ….
    expect([...used].filter((k) => !(k in catalogues.en) && !(`${k}.other` in catalogues.en))).toEqual([]);
  });
});

describe('counts', () => {
  it('follow the plural rules of the UI language: one room, two rooms', () => {
    setLanguage('en');
    expect(t('rooms.movedToTrash', { n: 1 })).toBe('Moved 1 room to the trash');
    expect(t('rooms.movedToTrash', { n: 2 })).toBe('Moved 2 rooms to the trash');
    expect(t('rooms.restored', { n: 1 })).toBe('Restored 1 room');
    expect(t('rooms.restored', { n: 0 })).toBe('Restored 0 rooms');
    // A sentence counted with {n} has plural forms instead of "room(s)".
    for (const name of ['en', 'ko', 'ja']) {
      for (const [k, v] of Object.entries(catalogues[name])) if (v.includes('{n}')) expect(v, `${name}:${k}`).not.toMatch(/\(s\)/);
    }
  });
});

describe('language choice', () => {
  it('defaults to the OS language when it is Korean, Japanese or English', () => {
    expect(osLanguage({ languages: ['ko-KR', 'en-US'] })).toBe('ko');
    expect(osLanguage({ languages: ['ja'], language: 'ja' })).toBe('ja');
    expect(osLanguage({ languages: ['fr-FR', 'ja-JP'] })).toBe('ja');
    expect(osLanguage({ languages: ['de-DE'] })).toBe('en');
    expect(osLanguage({ language: 'en-GB' })).toBe('en');
  });

  it('switches at any time and translates error codes', () => {
    setLanguage('ja');
    expect(lang.value).toBe('ja');
    expect(t('chat.send')).toBe('送信');
    expect(errorText({ code: 'auth.bad_credentials' })).toBe(catalogues.ja['err.auth.bad_credentials']);
    setLanguage('ko');
    expect(t('rooms.selected', { n: 3 })).toBe('3개 선택됨');
    expect(t('rooms.movedToTrash', { n: 1 })).toBe('대화방 1개를 휴지통으로 옮겼습니다');
    expect(errorText({ code: 'no.such_code' })).toBe(catalogues.ko['err.internal']);
    setLanguage('en');
  });
});
