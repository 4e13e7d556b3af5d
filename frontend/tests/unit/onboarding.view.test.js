import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { App } from '../../src/views/App.js';
import { enter, leave, route } from '../../src/store.js';
import { setLanguage } from '../../src/i18n/index.js';
import en from '../../src/i18n/en.js';
import { OPENAI_KEYS_PAGE } from '../../src/views/Onboarding.js';
import { mount, waitFor, byTestId, allByTestId, type, click, check } from './helpers.js';

describe('first run', () => {
  let fake;
  let view;
  let root;
  const calls = (m) => fake.calls.filter(([n]) => n === m).map(([, a]) => a);
  beforeEach(async () => {
    setLanguage('en');
    const { asMina } = await import('./helpers.js');
    fake = asMina();
    view = mount(App);
    root = view.container;
    await enter(fake.state.session, { isNew: true });
  });
  afterEach(() => {
    view.unmount();
    leave();
  });

  it('asks a new learner for a provider, tests the key, saves it, then offers a first scene', async () => {
    const form = await waitFor(() => byTestId(root, 'onboarding'));
    expect(form.dataset.step).toBe('provider');
    expect(byTestId(root, 'onboard-test').disabled).toBe(true); // OpenAI needs a key first
    await type(byTestId(root, 'onboard-apikey'), 'sk-good-key-7777');
    await click(byTestId(root, 'onboard-test'));
    await waitFor(() => byTestId(root, 'onboarding')?.dataset.step === 'scene', { message: 'scene step' });
    expect(calls('TestConnection')[0][1]).toMatchObject({ apiKey: 'sk-good-key-7777', baseUrl: 'https://api.openai.com/v1' });
    expect(calls('SaveSettings')[calls('SaveSettings').length - 1][0]).toMatchObject({ apiKey: 'sk-good-key-7777', model: 'gpt-4o-mini' });
    expect(fake.state.settings.keyLast4).toBe('7777');

    const scene = await waitFor(() => allByTestId(root, 'onboard-scene')[0]);
    await click(scene);
    await waitFor(() => route.value.name === 'chat', { message: 'the new room opens' });
    expect(calls('CreateRoom')[0][0]).toMatchObject({ presetId: scene.dataset.presetId });
  });

  it('keeps nothing when the test fails, and says why', async () => {
    await type(await waitFor(() => byTestId(root, 'onboard-apikey')), 'sk-bad-key-0000');
    await click(byTestId(root, 'onboard-test'));
    const err = await waitFor(() => byTestId(root, 'onboard-error'));
    expect(err.textContent).toBe(en['err.llm.unauthorized']);
    expect(calls('SaveSettings').filter(([u]) => u.apiKey)).toEqual([]);
    expect(fake.state.settings.hasKey).toBe(false);
  });

  it('fills in a local server\'s usual address and needs no key', async () => {
    await waitFor(() => byTestId(root, 'provider-ollama'));
    await check(byTestId(root, 'provider-ollama').querySelector('input'));
    expect(byTestId(root, 'onboard-baseurl').value).toBe('http://localhost:11434/v1');
    expect(byTestId(root, 'onboard-apikey')).toBeNull();
    await check(byTestId(root, 'provider-lmstudio').querySelector('input'));
    expect(byTestId(root, 'onboard-baseurl').value).toBe('http://localhost:1234/v1');
  });

  it('opens where to get a key in the browser, through Go', async () => {
    await click(await waitFor(() => byTestId(root, 'onboard-get-key')));
    await waitFor(() => calls('OpenExternal').length === 1);
    expect(calls('OpenExternal')[0]).toEqual([OPENAI_KEYS_PAGE]);
  });

  it('lets the learner set up later, with a reminder and a visible way to Settings', async () => {
    await click(await waitFor(() => byTestId(root, 'onboard-skip')));
    await waitFor(() => byTestId(root, 'setup-reminder'));
    await click(byTestId(root, 'open-settings'));
    await waitFor(() => byTestId(root, 'settings-view'));
  });
});
