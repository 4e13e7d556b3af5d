import { describe, it, expect, vi, afterEach } from 'vitest';
import { installNavigationGuards } from '../../src/nav.js';

describe('navigation guards', () => {
  let uninstall;
  afterEach(() => uninstall?.());

  function click(el) {
    const ev = new MouseEvent('click', { bubbles: true, cancelable: true });
    el.dispatchEvent(ev);
    return ev;
  }

  it('sends http(s) links to OpenExternal and never navigates', () => {
    const open = vi.fn(() => Promise.resolve());
    uninstall = installNavigationGuards(document, { open });
    document.body.innerHTML = '<div><a href="https://example.com/x"><span>go</span></a></div>';
    const ev = click(document.querySelector('span'));
    expect(ev.defaultPrevented).toBe(true);
    expect(open).toHaveBeenCalledWith('https://example.com/x');
  });

  it('swallows every other link without opening anything', () => {
    const open = vi.fn();
    uninstall = installNavigationGuards(document, { open });
    for (const href of ['javascript:alert(1)', '/local', '#top', 'file:///etc/passwd', 'mailto:a@b.c']) {
      document.body.innerHTML = `<a href="${href}">x</a>`;
      expect(click(document.querySelector('a')).defaultPrevented).toBe(true);
    }
    document.body.innerHTML = '<a>no href</a>';
    expect(click(document.querySelector('a')).defaultPrevented).toBe(true);
    expect(open).not.toHaveBeenCalled();
  });

  it('reports a refused link instead of failing silently', async () => {
    const onError = vi.fn();
    uninstall = installNavigationGuards(document, { open: () => Promise.reject({ code: 'link.not_allowed' }), onError });
    document.body.innerHTML = '<a href="https://example.com">x</a>';
    click(document.querySelector('a'));
    await new Promise((r) => setTimeout(r, 0));
    expect(onError).toHaveBeenCalled();
  });

  it('stops a dropped file from replacing the app', () => {
    uninstall = installNavigationGuards(document, {});
    document.body.innerHTML = '<div id="z"></div>';
    const ev = new Event('drop', { bubbles: true, cancelable: true });
    document.getElementById('z').dispatchEvent(ev);
    expect(ev.defaultPrevented).toBe(true);
    const over = new Event('dragover', { bubbles: true, cancelable: true });
    document.getElementById('z').dispatchEvent(over);
    expect(over.defaultPrevented).toBe(true);
  });
});
