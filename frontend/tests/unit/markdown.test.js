import { describe, it, expect } from 'vitest';
import { renderMarkdown, sanitizeHtml, isExternalLink, renderStreaming, endStreaming, stableEnd } from '../../src/markdown.js';

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

describe('a reply being written', () => {
  const reply = '**Sure!** Here is the menu.\n\n- Latte\n- Flat white\n\n```\nlet x = 1;\n\nlet y = 2;\n```\n\nAnything _else_?\n\n1. one\n\n2. two\n\nLast line';

  it('renders, frame by frame, exactly what the finished reply renders once complete blocks are in', () => {
    for (let n = 1; n <= reply.length; n += 7) {
      const { parts, tail } = renderStreaming(99, reply.slice(0, n));
      const done = parts.join('');
      expect(dom(done + tail).textContent.replace(/\s+/g, '')).toBe(dom(renderMarkdown(reply.slice(0, n), { partial: true })).textContent.replace(/\s+/g, ''));
    }
    const { parts, tail } = renderStreaming(99, reply);
    const done = parts.join('');
    expect(done + tail).toBe(renderMarkdown(reply));
    endStreaming(99);
  });

  it('parses and sanitises only the growing last block on each frame', () => {
    const para = 'A finished paragraph with **bold** text.\n\n';
    let text = para.repeat(40);
    renderStreaming(7, text);
    let parsed = 0;
    const seen = [];
    for (let i = 0; i < 20; i++) {
      text += 'word ';
      const { parts, tail } = renderStreaming(7, text);
      const done = parts.join('');
      seen.push(done);
      parsed += tail.length;
    }
    expect(new Set(seen).size).toBe(1); // the finished blocks' HTML is the same string each frame
    expect(parsed).toBeLessThan(20 * 200); // only the tail is rendered per frame
    endStreaming(7);
  });

  // A seeded generator, so a failure names a split that can be replayed.
  function splits(text, seed) {
    let x = seed >>> 0;
    const rand = () => ((x = (Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32);
    const cuts = [];
    for (let at = 0; at < text.length;) {
      at = Math.min(text.length, at + 1 + Math.floor(rand() * 24));
      cuts.push(at);
    }
    return cuts;
  }
  const doc = [
    '# Ordering **at the café**', '',
    'Here is *how to order*, with **bold that goes on', 'over a line** and `inline code`.', '',
    '- Latte', '- Flat **white**', '  still the same item', '- Tea', '',
    '1. First step', '', '2. Second step, loose', '', '   with its own paragraph', '',
    '```js', 'const a = 1;', '', '// a blank line inside the fence', 'const b = "**not bold**";', '```', '',
    '| Word | Meaning |', '| --- | :---: |', '| 안녕 | *hello* |', '| ありがとう | thanks |', '',
    '> A quote that', 'goes on lazily', '',
    'Hostile: <img src=x onerror="alert(1)"> <script>alert(2)</script> [x](javascript:alert(3))', '',
    '~~~', 'tilde fence', '~~~', '',
    'The _end_.',
  ].join('\n');

  it('renders the finished reply exactly as a full parse, whatever chunks it arrived in', () => {
    const full = renderMarkdown(doc);
    for (let seed = 1; seed <= 24; seed++) {
      const id = 1000 + seed;
      let prevDone = '';
      for (const cut of splits(doc, seed)) {
        const part = doc.slice(0, cut);
        const { parts, tail } = renderStreaming(id, part);
        const done = parts.join('');
        // Finished blocks only ever grow: their DOM is left alone from frame to frame.
        expect(done.startsWith(prevDone), `seed ${seed} at ${cut}`).toBe(true);
        prevDone = done;
        expect(hostile(dom(done + tail)), `seed ${seed} at ${cut}`).toEqual([]);
        expect(dom(done + tail).textContent.replace(/\s+/g, ''), `seed ${seed} at ${cut}`)
          .toBe(dom(renderMarkdown(part, { partial: true })).textContent.replace(/\s+/g, ''));
      }
      const { parts, tail } = renderStreaming(id, doc);
      const done = parts.join('');
      expect(done + tail, `seed ${seed}`).toBe(full);
      endStreaming(id);
    }
    // Thousands of parses, with no waiting in them: 12–16 s on a loaded 2-core machine and 36–41 s
    // under heavier load, beyond the 20 s that bounds a hang elsewhere.
  }, 120_000);

  it('never ends a block inside a code fence, after an indented line or before the next list item', () => {
    expect(stableEnd('para\n\nnext\n')).toBe(6);
    expect(stableEnd('```\na\n\nb\n')).toBe(0);
    expect(stableEnd('- a\n\n  more of a\n')).toBe(0);
    expect(stableEnd('1. a\n\n2. b\n')).toBe(0);
    expect(stableEnd('para\n\nnext')).toBe(0); // the next line is still being written
  });
});
