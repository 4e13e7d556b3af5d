import { describe, it, expect } from 'vitest';
import { renderMarkdown, sanitizeHtml, isExternalLink } from '../../src/markdown.js';

function dom(htmlText) {
  const div = document.createElement('div');
  div.innerHTML = htmlText;
  return div;
}

/** hostile reports anything executable or navigating left in sanitised output. */
function hostile(div) {
  const found = [];
  for (const el of div.querySelectorAll('*')) {
    const tag = el.tagName.toLowerCase();
    if (['script', 'style', 'iframe', 'svg', 'math', 'form', 'img', 'object', 'embed', 'link', 'meta', 'base', 'input', 'button'].includes(tag)) found.push(tag);
    for (const a of el.attributes) {
      if (/^on/i.test(a.name) || a.name === 'style' || a.name === 'src' || a.name === 'srcdoc' || a.name === 'action') found.push(`${tag}@${a.name}`);
      if (a.name === 'href' && !/^(https?:|mailto:)/i.test(a.value)) found.push(`${tag}@href=${a.value}`);
    }
  }
  return found;
}

const payloads = [
  '<script>alert(1)</script>',
  '<img src=x onerror="alert(1)">',
  '[click](javascript:alert(1))',
  '<a href="javascript:alert(1)">x</a>',
  '<a href="JaVaScRiPt:alert(1)">x</a>',
  '<a href=" javascript:alert(1)">x</a>',
  '<a href="jav&#x09;ascript:alert(1)">x</a>',
  '<svg onload="alert(1)"><circle r="10"/></svg>',
  '<svg><script>alert(1)</script></svg>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '<a href="data:text/html,<script>alert(1)</script>">d</a>',
  '![pixel](https://evil.example/track.png)',
  '<style>body{display:none}</style>',
  '<p style="position:fixed;inset:0">cover</p>',
  '<iframe src="https://evil.example"></iframe>',
  '<form action="https://evil.example"><input name=q><button>go</button></form>',
  '<div onclick="alert(1)">click</div>',
  '<a href="vbscript:msgbox(1)">v</a>',
  '<object data="x.swf"></object><embed src="x.swf">',
  '<base href="https://evil.example/">',
  '<meta http-equiv="refresh" content="0;url=https://evil.example">',
  '<details open ontoggle=alert(1)>x</details>',
  '<a href="file:///etc/passwd">f</a>',
];

describe('model text sanitiser', () => {
  it.each(payloads)('leaves nothing executable in %s', (payload) => {
    const out = dom(renderMarkdown(payload));
    expect(hostile(out)).toEqual([]);
  });

  it('keeps ordinary markdown formatting', () => {
    const out = dom(renderMarkdown('**Hi** _there_\n\n- one\n- two\n\n`code`\n\n> quote'));
    expect(out.querySelector('strong').textContent).toBe('Hi');
    expect(out.querySelector('em').textContent).toBe('there');
    expect(out.querySelectorAll('li')).toHaveLength(2);
    expect(out.querySelector('code').textContent).toBe('code');
    expect(out.querySelector('blockquote')).not.toBeNull();
  });

  it('keeps Korean and Japanese text intact', () => {
    const out = dom(renderMarkdown('안녕하세요! **주문**하시겠어요?\nいらっしゃいませ 😊'));
    expect(out.textContent).toContain('안녕하세요! 주문하시겠어요?');
    expect(out.textContent).toContain('いらっしゃいませ 😊');
  });

  it('keeps safe links with rel=noopener and no target', () => {
    const a = dom(renderMarkdown('[docs](https://example.com/a?b=1)')).querySelector('a');
    expect(a.getAttribute('href')).toBe('https://example.com/a?b=1');
    expect(a.getAttribute('rel')).toContain('noopener');
    expect(a.hasAttribute('target')).toBe(false);
  });

  it('drops the href of a javascript: link but keeps its words', () => {
    const a = dom(renderMarkdown('[press](javascript:alert(1))')).querySelector('a');
    expect(a?.hasAttribute('href') ?? false).toBe(false);
    expect(dom(renderMarkdown('[press](javascript:alert(1))')).textContent).toContain('press');
  });

  it('shows escaped angle brackets as text, not markup', () => {
    const out = dom(renderMarkdown('Use &lt;b&gt; for bold, 1 < 2 > 0'));
    expect(out.querySelector('b')).toBeNull();
    expect(out.textContent).toContain('1 < 2 > 0');
  });

  it('sanitises raw HTML too (the allow-list, not just markdown)', () => {
    expect(hostile(dom(sanitizeHtml('<a href="javascript:x" onmouseover="y">z</a>')))).toEqual([]);
  });

  it('lets only http(s) links leave for the OS browser', () => {
    expect(isExternalLink('https://example.com')).toBe(true);
    expect(isExternalLink('http://example.com')).toBe(true);
    expect(isExternalLink('mailto:a@b.c')).toBe(false);
    expect(isExternalLink('javascript:alert(1)')).toBe(false);
    expect(isExternalLink('/relative')).toBe(false);
  });
});
