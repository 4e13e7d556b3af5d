import { describe, it, expect, beforeEach, vi } from 'vitest';
import * as api from '../../src/api.js';
import { installFakeBackend } from '../fake/bridge.js';

describe('the bridge wrapper', () => {
  let fake;
  beforeEach(() => {
    fake = installFakeBackend(window);
  });

  it('calls each bound method by its Go name with the contract arguments', async () => {
    await api.signUp('mina2', 'long password', 'Mina');
    await api.logIn('mina2', 'long password');
    await api.saveSettings({ apiKey: 'sk-1234', baseUrl: '', model: 'm', temperature: 0.5, proxyUrl: '', uiLanguage: 'ko', theme: 'dark' });
    const room = await api.createRoom({ language: 'en', level: 'A2', situation: 's', myRole: 'a', aiRole: 'b', extra: 'dropped' });
    await api.listMessages(room.id, 7, 30);
    await api.selectAlternative(room.id, 9, 1).catch(() => {});
    await api.deleteRooms(new Set([room.id]));
    await api.recoverAccount('mina2', 'ABCD-EFGH-JKLM-NPQR', 'another password');
    const byName = Object.fromEntries(fake.calls.map(([m, args]) => [m, args]));
    expect(byName.SignUp).toEqual([{ username: 'mina2', password: 'long password', displayName: 'Mina' }]);
    expect(byName.LogIn).toEqual([{ username: 'mina2', password: 'long password' }]);
    expect(byName.SaveSettings[0]).toEqual({ apiKey: 'sk-1234', clearKey: false, baseUrl: '', model: 'm', coachModel: '', temperature: 0.5, proxyUrl: '', uiLanguage: 'ko', theme: 'dark',
      explainLanguage: '', practiceLanguage: '', practiceLevel: '', showTokens: false, roomSort: '',
      speechModel: '', speechVoice: '', speechBaseUrl: '', speechApiKey: '', clearSpeechKey: false, checkUpdates: false });
    expect(byName.CreateRoom[0]).toEqual({ title: '', language: 'en', level: 'A2', situation: 's', myRole: 'a', aiRole: 'b', goal: '', formality: '', presetId: '' });
    expect(byName.ListMessages).toEqual([room.id, 7, 30]);
    expect(byName.SelectAlternative).toEqual([room.id, 9, 1]);
    expect(byName.DeleteRooms).toEqual([[room.id]]);
    expect(byName.RecoverAccount).toEqual([{ username: 'mina2', recoveryCode: 'ABCD-EFGH-JKLM-NPQR', newPassword: 'another password' }]);
  });

  it('names each cancellable call by a fresh id and cancels it by that id', async () => {
    fake.state.session = fake.state.users.get('mina').user;
    fake.state.holdCalls = true;
    const room = await fake.app.CreateRoom({ language: 'en', level: 'A2', situation: 's', myRole: 'a', aiRole: 'b' });
    const suggest = api.cancellable((id) => api.suggestReply(id, room.id));
    const form = { baseUrl: 'http://localhost:11434/v1', model: 'llama3' };
    const test = api.cancellable((id) => api.testConnection(id, form));
    const models = api.cancellable((id) => api.listModels(id, form));
    const ids = [suggest.id, test.id, models.id];
    expect(new Set(ids).size).toBe(3);
    ids.forEach((id) => expect(id.length).toBeLessThanOrEqual(64));
    await suggest.cancel();
    const err = await suggest.promise.catch((e) => e);
    expect(err.code).toBe('llm.canceled');
    expect(api.isCanceled(err)).toBe(true);
    fake.release();
    expect((await test.promise).ok).toBe(false); // no key in the fake
    expect(await models.promise).toEqual(['gpt-4o-mini', 'gpt-4o']);
    await models.cancel(); // already over: nothing is sent
    const byName = (m) => fake.calls.filter(([n]) => n === m).map(([, args]) => args);
    expect(byName('SuggestReply')).toEqual([[suggest.id, room.id]]);
    const sent = { apiKey: '', clearKey: false, baseUrl: 'http://localhost:11434/v1', model: 'llama3', coachModel: '', temperature: 0, proxyUrl: '', uiLanguage: '', theme: 'system',
      explainLanguage: '', practiceLanguage: '', practiceLevel: '', showTokens: false, roomSort: '',
      speechModel: '', speechVoice: '', speechBaseUrl: '', speechApiKey: '', clearSpeechKey: false, checkUpdates: false };
    expect(byName('TestConnection')).toEqual([[test.id, sent]]);
    expect(byName('ListModels')).toEqual([[models.id, sent]]);
    expect(byName('CancelCall')).toEqual([[suggest.id]]);
  });

  it('does not treat a cancel that log-out made pointless as a lost session', async () => {
    const lost = vi.fn();
    api.onAuthLost(lost);
    fake.app.CancelCall = () => Promise.reject({ code: 'auth.required' });
    await api.cancellable(() => new Promise(() => {})).cancel();
    expect(lost).not.toHaveBeenCalled();
    api.onAuthLost(() => {});
  });

  it('rejects with a coded AppError whatever shape Wails rejected with', async () => {
    const shapes = [
      { code: 'auth.bad_credentials', field: 'password', message: 'wrong' },
      JSON.stringify({ code: 'auth.bad_credentials', field: 'password', message: 'wrong' }),
      new Error(JSON.stringify({ code: 'auth.bad_credentials', field: 'password', message: 'wrong' })),
      'auth.bad_credentials (password): wrong',
    ];
    for (const shape of shapes) {
      fake.app.LogIn = () => Promise.reject(shape);
      const err = await api.logIn('a', 'b').catch((e) => e);
      expect(err).toBeInstanceOf(api.AppError);
      expect([err.code, err.field]).toEqual(['auth.bad_credentials', 'password']);
    }
  });

  it('turns an unknown rejection into an internal error without losing its text', async () => {
    fake.app.WhoAmI = () => Promise.reject('boom');
    const err = await api.whoAmI().catch((e) => e);
    expect(err.code).toBe('internal');
    expect(err.message).toBe('boom');
    expect(api.normaliseError(undefined).code).toBe('internal');
    expect(api.normaliseError({ message: 'no code' }).code).toBe('internal');
  });

  it('reports a missing method as a coded error instead of a TypeError', async () => {
    delete fake.app.AppInfo;
    const err = await api.appInfo().catch((e) => e);
    expect(err.code).toBe('internal');
  });

  it('waits for the bridge that Wails injects after the page starts', async () => {
    delete window.go;
    let resolved = false;
    const p = api.waitForBridge({ intervalMs: 5 }).then(() => (resolved = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(resolved).toBe(false);
    window.go = { main: { App: fake.bridge } };
    await p;
    expect(resolved).toBe(true);
  });

  it('gives up on a bridge that never comes with a coded error', async () => {
    delete window.go;
    const err = await api.waitForBridge({ intervalMs: 5, timeoutMs: 30 }).catch((e) => e);
    expect(err.code).toBe('internal');
  });

  it('subscribes to events and unsubscribes only its own listener', () => {
    const seen = [];
    const off = api.on(api.EVENTS.delta, (p) => seen.push(p.delta));
    fake.emit('chat:delta', { delta: 'a' });
    off();
    fake.emit('chat:delta', { delta: 'b' });
    expect(seen).toEqual(['a']);
  });

  it('falls back to EventsOff when EventsOn returns no canceller', () => {
    const EventsOff = vi.fn();
    window.runtime = { EventsOn: () => undefined, EventsOff };
    api.on('chat:done', () => {})();
    expect(EventsOff).toHaveBeenCalledWith('chat:done');
  });
});
