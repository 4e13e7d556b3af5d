import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { App } from '../../src/views/App.js';
import { enter, navigate, leave } from '../../src/store.js';
import { setLanguage } from '../../src/i18n/index.js';
import { mount, waitFor, byTestId, type, click, asMina } from './helpers.js';

describe('speech settings', () => {
  let fake;
  let view;
  beforeEach(async () => {
    setLanguage('en');
    fake = asMina();
    fake.state.settings = { ...fake.state.settings, hasKey: true, keyLast4: 'abcd', baseUrl: 'http://localhost:11434/v1' };
    view = mount(App);
    await enter(fake.state.session);
    navigate({ name: 'settings' });
  });
  afterEach(() => {
    view.unmount();
    leave();
  });

  it('saves a speech server of its own with a write-only key, keeping the chat settings as they were', async () => {
    const root = view.container;
    await type(await waitFor(() => byTestId(root, 'speech-baseurl')), 'http://127.0.0.1:8880/v1');
    await type(byTestId(root, 'speech-voice'), 'af_bella');
    await type(byTestId(root, 'speech-apikey'), 'sk-speech-9876');
    await click(byTestId(root, 'speech-save'));
    await waitFor(() => fake.calls.some(([m]) => m === 'SaveSettings'));
    const sent = fake.calls.find(([m]) => m === 'SaveSettings')[1][0];
    expect(sent).toMatchObject({
      apiKey: '', clearKey: false, baseUrl: 'http://localhost:11434/v1',
      speechBaseUrl: 'http://127.0.0.1:8880/v1', speechVoice: 'af_bella', speechApiKey: 'sk-speech-9876', clearSpeechKey: false,
    });
    await waitFor(() => root.textContent.includes('ending in 9876'));
    expect(byTestId(root, 'speech-apikey').value).toBe('');
  });

  it('shows the speech cache against its cap and clears it', async () => {
    await fake.app.SpeakText('c1', '안녕하세요', 1);
    const root = view.container;
    const size = await waitFor(() => byTestId(root, 'speech-cache-size'));
    expect(size.dataset.bytes).toBe('44');
    expect(size.textContent).toContain('of 16.0 MB');
    await click(byTestId(root, 'speech-clear'));
    await waitFor(() => byTestId(root, 'speech-cache-size')?.dataset.bytes === '0');
    expect(fake.calls.some(([m]) => m === 'ClearSpeechCache')).toBe(true);
  });

  it('names the speech field a bad address belongs to', async () => {
    const root = view.container;
    await type(await waitFor(() => byTestId(root, 'speech-baseurl')), 'ftp://nowhere');
    await click(byTestId(root, 'speech-save'));
    await waitFor(() => root.querySelector('#f-speech\\.baseUrl[aria-invalid=true]'));
  });
});
