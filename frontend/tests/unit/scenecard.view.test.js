import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { installFakeBackend } from '../fake/bridge.js';
import { App } from '../../src/views/App.js';
import { enter, navigate, leave, refreshRooms } from '../../src/store.js';
import { closeRoom } from '../../src/chat/room.js';
import { setLanguage } from '../../src/i18n/index.js';
import { mount, waitFor, byTestId, click, settle } from './helpers.js';

const KO = { language: 'ko', level: 'A1', situation: '카페에서 주문하기', myRole: '손님', aiRole: '바리스타', goal: '', formality: '', presetId: '', title: '카페' };
const EN = { ...KO, language: 'en', situation: 'Ordering at a café', myRole: 'Customer', aiRole: 'Barista', title: 'Café' };

describe('the scenario card', () => {
  let fake;
  let view;
  let root;
  const translateCalls = () => fake.calls.filter(([m]) => m === 'TranslateScene').map(([, a]) => a);
  const open = async (input) => {
    const r = await fake.app.CreateRoom(input);
    await refreshRooms();
    navigate({ name: 'chat', roomId: r.id });
    await waitFor(() => byTestId(root, 'scenario-card'));
    return r;
  };
  beforeEach(async () => {
    localStorage.clear();
    setLanguage('en');
    fake = installFakeBackend(window);
    fake.state.session = fake.state.users.get('mina').user;
    fake.state.settings.hasKey = true;
    view = mount(App);
    root = view.container;
    await enter(fake.state.session);
  });
  afterEach(() => {
    view.unmount();
    closeRoom();
    leave();
  });

  it('starts compact, and opening it is remembered for that room only, across log-ins', async () => {
    const ko = await open(KO);
    expect(byTestId(root, 'scenario-card').dataset.open).toBe('false');
    expect(byTestId(root, 'scenario-situation')).toBeNull();
    await click(byTestId(root, 'scenario-toggle'));
    await waitFor(() => byTestId(root, 'scenario-situation'));

    const en = await open(EN);
    await waitFor(() => byTestId(root, 'scenario-card').dataset.open === 'false', { message: 'the other room compact' });

    leave();
    await enter(fake.state.session);
    navigate({ name: 'chat', roomId: ko.id });
    await waitFor(() => byTestId(root, 'scenario-card')?.dataset.open === 'true', { message: 'still open after logging in again' });
    navigate({ name: 'chat', roomId: en.id });
    await waitFor(() => byTestId(root, 'scenario-card')?.dataset.open === 'false');
  });

  it('shows the scene in the learner\'s explanation language under the practice language, asked for once', async () => {
    fake.state.settings.explainLanguage = 'ja';
    leave();
    await enter(fake.state.session);
    const ko = await open(KO);
    await settle();
    expect(translateCalls()).toEqual([]); // nothing asked while compact
    await click(byTestId(root, 'scenario-toggle'));
    const tr = await waitFor(() => byTestId(root, 'scenario-situation-tr'));
    expect(tr.textContent).toBe('[ja] 카페에서 주문하기');
    expect(tr.lang).toBe('ja');
    expect(byTestId(root, 'scenario-situation').lang).toBe('ko');
    expect(translateCalls().map((a) => a.slice(1))).toEqual([[ko.id, 'ja']]);
    // Closed, the peek reads in the explanation language too; reopening asks nothing new.
    await click(byTestId(root, 'scenario-toggle'));
    expect(byTestId(root, 'scenario-peek').textContent).toBe('[ja] 카페에서 주문하기');
    await click(byTestId(root, 'scenario-toggle'));
    await waitFor(() => byTestId(root, 'scenario-situation-tr'));
    expect(translateCalls()).toHaveLength(1);
  });

  it('asks for no translation when the room is in the explanation language (the UI\'s by default)', async () => {
    await open(EN);
    await click(byTestId(root, 'scenario-toggle'));
    await waitFor(() => byTestId(root, 'scenario-situation'));
    await settle();
    expect(translateCalls()).toEqual([]);
    expect(byTestId(root, 'scenario-situation-tr')).toBeNull();
  });
});
