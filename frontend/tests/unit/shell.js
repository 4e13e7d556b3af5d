// The whole app mounted over the fake Go side as Mina, for tests that go through the shell (not
// a test file: vitest runs only *.test.js). Kept apart from helpers.js so the tests of single
// modules do not load the whole app.
import { beforeEach, afterEach } from 'vitest';
import { App } from '../../src/views/App.js';
import { enter, leave } from '../../src/store.js';
import { closeRoom } from '../../src/chat/room.js';
import { setLanguage } from '../../src/i18n/index.js';
import { mount, asMina } from './helpers.js';

/**
 * appAsMina mounts App in English with the fake backend as Mina, not yet entered (call enter).
 * close() unmounts it, closes any open room, leaves the session and puts English back.
 */
export function appAsMina() {
  setLanguage('en');
  const fake = asMina();
  const view = mount(App);
  const close = () => {
    view.unmount();
    closeRoom();
    leave();
    setLanguage('en');
  };
  return { fake, view, close };
}

const base = { level: 'A2', myRole: 'me', aiRole: 'ai', goal: '', formality: '', presetId: '' };

/** enterWithTwoRooms makes a Korean café room and a Japanese hotel room, then enters the app. */
export async function enterWithTwoRooms(fake) {
  const a = await fake.app.CreateRoom({ ...base, language: 'ko', situation: 'Ordering coffee', title: 'Coffee' });
  const b = await fake.app.CreateRoom({ ...base, language: 'ja', situation: 'Hotel check-in', title: 'Hotel' });
  await enter(fake.state.session);
  return { a, b };
}

/** appPerTest mounts the app as Mina before each test of the suite and closes it after; the
 * returned object holds that test's { fake, view }. */
export function appPerTest() {
  const app = {};
  beforeEach(() => {
    Object.assign(app, appAsMina());
  });
  afterEach(() => app.close());
  return app;
}
