import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { App } from '../../src/views/App.js';
import { enter, navigate, leave } from '../../src/store.js';
import { lang, setLanguage } from '../../src/i18n/index.js';
import en from '../../src/i18n/en.js';
import { mount, waitFor, byTestId, type, click, asMina, focusWhenShown } from './helpers.js';

describe('settings', () => {
  let fake;
  let view;
  beforeEach(async () => {
    setLanguage('en');
    fake = asMina();
    fake.state.settings = { ...fake.state.settings, hasKey: true, keyLast4: 'abcd' };
    view = mount(App);
    await enter(fake.state.session);
    navigate({ name: 'settings' });
  });
  afterEach(() => {
    view.unmount();
    leave();
    setLanguage('en');
  });

  it('never shows the API key, only that one is set and how it ends', async () => {
    const root = view.container;
    const input = await waitFor(() => byTestId(root, 'settings-apikey'));
    expect(input.value).toBe('');
    expect(input.type).toBe('password');
    expect(root.textContent).toContain('ending in abcd');
  });

  it('sends an empty key to keep the stored one, and a typed key to replace it', async () => {
    const root = view.container;
    await type(await waitFor(() => byTestId(root, 'settings-model')), 'gpt-4o');
    await click(byTestId(root, 'settings-save'));
    await waitFor(() => fake.calls.some(([m]) => m === 'SaveSettings'));
    expect(fake.calls.find(([m]) => m === 'SaveSettings')[1][0]).toMatchObject({ apiKey: '', model: 'gpt-4o' });
    await type(byTestId(root, 'settings-apikey'), 'sk-new-wxyz');
    await click(byTestId(root, 'settings-save'));
    await waitFor(() => root.textContent.includes('ending in wxyz'));
    expect(byTestId(root, 'settings-apikey').value).toBe('');
  });

  it('fills the temperature slider\'s track up to its thumb as it moves', async () => {
    const root = view.container;
    const slider = await waitFor(() => byTestId(root, 'settings-temperature'));
    expect(slider.style.getPropertyValue('--fill')).toBe('35%'); // 0.7 of 0..2
    await type(slider, '1.5');
    await waitFor(() => slider.style.getPropertyValue('--fill') === '75%');
    expect(root.querySelector('output[for=f-temperature]').textContent).toBe('1.5');
  });

  it('shows a rejected field inline', async () => {
    const root = view.container;
    const field = await waitFor(() => byTestId(root, 'settings-baseurl'));
    await type(field, 'ftp://nope');
    // The field to fix has the focus in the update that shows its message, before a later paint.
    const shown = focusWhenShown(root, '[data-testid=error-baseUrl]');
    byTestId(root, 'settings-save').focus();
    await click(byTestId(root, 'settings-save'));
    expect(await shown).toBe(field);
    expect(byTestId(root, 'error-baseUrl').textContent).toBe(en['err.input.invalid']);
  });

  it('opened at a named field (from an error elsewhere), has it focused as it appears', async () => {
    const root = view.container;
    await waitFor(() => byTestId(root, 'settings-form'));
    navigate({ name: 'home' });
    await waitFor(() => !byTestId(root, 'settings-form'));
    const shown = focusWhenShown(root, '[data-testid=settings-form]');
    navigate({ name: 'settings', focus: 'baseUrl' });
    expect(await shown).toBe(byTestId(root, 'settings-baseurl'));
  });

  it('tests and lists models with what is typed, saving nothing until Save', async () => {
    const root = view.container;
    await type(await waitFor(() => byTestId(root, 'settings-apikey')), 'sk-typed-new-1234');
    await type(byTestId(root, 'settings-baseurl'), 'http://localhost:1234/v1');
    await click(byTestId(root, 'settings-test'));
    await waitFor(() => byTestId(root, 'test-result'));
    await click(byTestId(root, 'settings-load-models'));
    await waitFor(() => byTestId(root, 'settings-model-picker'));
    const args = (m) => fake.calls.find(([n]) => n === m)[1][1];
    expect(args('TestConnection')).toMatchObject({ apiKey: 'sk-typed-new-1234', baseUrl: 'http://localhost:1234/v1' });
    expect(args('ListModels')).toMatchObject({ apiKey: 'sk-typed-new-1234', baseUrl: 'http://localhost:1234/v1' });
    expect(fake.calls.some(([m]) => m === 'SaveSettings')).toBe(false);
    expect(fake.state.settings.keyLast4).toBe('abcd');
    expect(byTestId(root, 'settings-apikey').value).toBe('sk-typed-new-1234'); // still there to Save
  });

  it('says in one sentence what the connection test found', async () => {
    const root = view.container;
    await click(await waitFor(() => byTestId(root, 'settings-test')));
    const res = await waitFor(() => byTestId(root, 'test-result'));
    expect(res.textContent).toContain('210 ms');
    expect(res.dataset.ok).toBe('true');
  });

  it('cancels a connection test or a model list the learner no longer wants, showing no error', async () => {
    const root = view.container;
    fake.state.holdCalls = true;
    await click(await waitFor(() => byTestId(root, 'settings-test')));
    await click(await waitFor(() => byTestId(root, 'settings-test-cancel')));
    const cancelled = () => fake.calls.filter(([m]) => m === 'CancelCall').map(([, a]) => a[0]);
    await waitFor(() => cancelled().length === 1);
    expect(cancelled()).toEqual([fake.calls.find(([m]) => m === 'TestConnection')[1][0]]);
    await waitFor(() => !byTestId(root, 'settings-test').disabled, { message: 'test button back' });
    expect(byTestId(root, 'test-result')).toBeNull();
    expect(byTestId(root, 'settings-test-cancel')).toBeNull();

    await click(byTestId(root, 'settings-load-models'));
    await click(await waitFor(() => byTestId(root, 'settings-load-models-cancel')));
    await waitFor(() => cancelled().length === 2);
    expect(cancelled()[1]).toBe(fake.calls.find(([m]) => m === 'ListModels')[1][0]);
    await waitFor(() => !byTestId(root, 'settings-load-models').disabled, { message: 'models button back' });
    expect(byTestId(root, 'models-error')).toBeNull();
    expect(byTestId(document.body, 'error-toast')).toBeNull();
  });

  it('cancels a running connection test when the learner leaves Settings', async () => {
    const root = view.container;
    fake.state.holdCalls = true;
    await click(await waitFor(() => byTestId(root, 'settings-test')));
    await waitFor(() => byTestId(root, 'settings-test-cancel'));
    navigate({ name: 'home' });
    await waitFor(() => fake.calls.some(([m]) => m === 'CancelCall'), { message: 'CancelCall on leaving' });
  });

  it('switches the UI language at once and saves it', async () => {
    const root = view.container;
    const sel = await waitFor(() => byTestId(root, 'settings-language'));
    sel.value = 'ja';
    sel.dispatchEvent(new Event('change', { bubbles: true }));
    await waitFor(() => lang.value === 'ja');
    await waitFor(() => byTestId(root, 'settings-test')?.textContent.trim() === '接続テスト');
    await waitFor(() => fake.state.settings.uiLanguage === 'ja');
    expect(document.documentElement.lang).toBe('ja');
  });

  it('keeps the last of quick picks: each shows at once, and Go saves them in order, ending with the last', async () => {
    const root = view.container;
    const real = fake.app.SaveSettings;
    const held = [];
    // Go answers only when the test says, so the picks come faster than its answers.
    fake.app.SaveSettings = (up) => new Promise((resolve, reject) => held.push({ up, go: () => real(up).then(resolve, reject) }));
    const pick = (th) => {
      const r = byTestId(root, `settings-theme-${th}`);
      r.checked = true;
      r.dispatchEvent(new Event('change', { bubbles: true }));
    };
    await waitFor(() => byTestId(root, 'settings-theme-dark'));
    pick('dark');
    await waitFor(() => held.length === 1);
    expect(held[0].up.theme).toBe('dark');
    pick('light');
    pick('system');
    pick('light');
    await waitFor(() => document.documentElement.dataset.theme === 'light');
    await waitFor(() => byTestId(root, 'settings-theme-light').checked);
    // One save at a time: the first pick is on its way, the rest wait for it.
    await new Promise((r) => setTimeout(r, 20));
    expect(held.length).toBe(1);
    held.shift().go();
    // The picks in between are never sent: the next save carries the newest.
    await waitFor(() => held.length === 1);
    expect(held[0].up.theme).toBe('light');
    expect(byTestId(root, 'settings-theme-light').checked).toBe(true);
    held.shift().go();
    await waitFor(() => fake.state.settings.theme === 'light');
    await new Promise((r) => setTimeout(r, 20));
    expect(held.length).toBe(0);
    expect(byTestId(root, 'settings-theme-light').checked).toBe(true);
    expect(document.documentElement.dataset.theme).toBe('light');
  });

  it('applies the dark theme', async () => {
    const root = view.container;
    const dark = await waitFor(() => byTestId(root, 'settings-theme-dark'));
    dark.checked = true;
    dark.dispatchEvent(new Event('change', { bubbles: true }));
    await waitFor(() => document.documentElement.dataset.theme === 'dark');
    await waitFor(() => fake.state.settings.theme === 'dark');
  });
});

describe('model picker', () => {
  it('offers the server\'s models and fills the model field, which stays free text', async () => {
    setLanguage('en');
    const fake = asMina();
    const view = mount(App);
    await enter(fake.state.session);
    navigate({ name: 'settings' });
    const root = view.container;
    await click(await waitFor(() => byTestId(root, 'settings-load-models')));
    const picker = await waitFor(() => byTestId(root, 'settings-model-picker'));
    expect([...picker.options].map((o) => o.value)).toEqual(['', 'gpt-4o-mini', 'gpt-4o']);
    picker.value = 'gpt-4o';
    picker.dispatchEvent(new Event('change', { bubbles: true }));
    await waitFor(() => byTestId(root, 'settings-model').value === 'gpt-4o');
    await type(byTestId(root, 'settings-model'), 'my-local-model');
    expect(byTestId(root, 'settings-model').value).toBe('my-local-model');
    view.unmount();
    leave();
  });
});
