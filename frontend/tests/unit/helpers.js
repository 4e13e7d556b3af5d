// Shared helpers for the view tests: mount the app over the fake backend and wait for the DOM.
import { render } from 'preact';
import { html } from '../../src/html.js';
import { installFakeBackend } from '../fake/bridge.js';

/** waitFor polls until fn returns something truthy (the DOM updates asynchronously). */
// 8 s: the tests wait on conditions, and a jsdom render on a loaded 2-core machine can take seconds.
export async function waitFor(fn, { timeout = 8000, message = 'condition' } = {}) {
  const start = Date.now();
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() - start > timeout) throw new Error(`timed out waiting for ${message}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export const byTestId = (root, id) => root.querySelector(`[data-testid="${id}"]`);
export const allByTestId = (root, id) => [...root.querySelectorAll(`[data-testid="${id}"]`)];

/** mount renders a component into a fresh container attached to the document. */
export function mount(Component, props = {}) {
  const container = document.createElement('div');
  document.body.appendChild(container);
  render(html`<${Component} ...${props} />`, container);
  return {
    container,
    unmount() {
      render(null, container);
      container.remove();
    },
  };
}

/**
 * focusWhenShown resolves with what has the focus the moment `selector` first matches in root: a
 * MutationObserver's callback runs right after the update that added it, before any later frame,
 * so this is what a key pressed at once would reach. `then` runs at that moment too.
 */
export function focusWhenShown(root, selector, then) {
  return new Promise((resolve) => {
    const obs = new MutationObserver(() => {
      const el = root.querySelector(selector);
      if (!el) return;
      obs.disconnect();
      const focused = document.activeElement;
      then?.(el);
      resolve(focused);
    });
    obs.observe(root, { childList: true, subtree: true });
  });
}

/** settle lets Preact run the renders it scheduled (state updates are batched). */
export const settle = () => new Promise((r) => setTimeout(r, 0));

/** type sets an input's value the way a user would, firing input events. */
export async function type(el, value) {
  el.value = value;
  el.dispatchEvent(new Event('input', { bubbles: true }));
  await settle();
}

export async function click(el) {
  el.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
  await settle();
}

export async function check(el, checked = true) {
  el.checked = checked;
  el.dispatchEvent(new Event('change', { bubbles: true }));
  await settle();
}

export function key(el, init) {
  const ev = new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init });
  el.dispatchEvent(ev);
  return ev;
}

/** manualFrames gives the chat's delta batcher a frame queue the test flushes by hand. */
export function manualFrames(setScheduler) {
  const queue = [];
  setScheduler((cb) => queue.push(cb));
  return {
    pending: () => queue.length,
    frame: () => queue.splice(0).forEach((cb) => cb(performance.now())),
    restore: () => setScheduler((cb) => requestAnimationFrame(cb), (id) => cancelAnimationFrame(id)),
  };
}

/** asMina installs the fake Go side with mina, the user it seeds, already logged in. */
export function asMina() {
  const fake = installFakeBackend(window);
  fake.state.session = fake.state.users.get('mina').user;
  return fake;
}
