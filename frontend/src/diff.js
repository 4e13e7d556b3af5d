// A small LCS diff for showing a corrected line against what the learner wrote: by word (with
// the spaces between) for English, by character for Korean and Japanese, where a correction is
// often one particle or ending inside a word. Lines are short (a few hundred characters at most),
// so the quadratic table is cheap; longer input falls back to "all removed, all inserted".

const MAX_CELLS = 250_000;

/**
 * tokens splits text into the units the diff compares.
 * @param {string} text
 * @param {string} language ko, en or ja
 * @returns {string[]}
 */
export function tokens(text, language) {
  if (language === 'ko' || language === 'ja') return Array.from(text);
  return text.match(/\s+|[^\s]+/g) ?? [];
}

/**
 * diff returns the edit from a to b as runs: {op: 'same'|'del'|'ins', text}, in reading order,
 * deletions before insertions at the same place, adjacent runs of one kind merged.
 * @param {string} a what the learner wrote
 * @param {string} b the corrected line
 * @param {string} language
 * @returns {{op: 'same'|'del'|'ins', text: string}[]}
 */
export function diff(a, b, language) {
  const x = tokens(a, language);
  const y = tokens(b, language);
  /** @type {{op: 'same'|'del'|'ins', text: string}[]} */
  const out = [];
  const push = (op, text) => {
    const last = out[out.length - 1];
    if (last && last.op === op) last.text += text;
    else out.push({ op, text });
  };
  if (x.length * y.length > MAX_CELLS) {
    if (a) push('del', a);
    if (b) push('ins', b);
    return out;
  }
  // lcs[i][j] is the LCS length of x[i:] and y[j:].
  const lcs = Array.from({ length: x.length + 1 }, () => new Uint32Array(y.length + 1));
  for (let i = x.length - 1; i >= 0; i--) {
    for (let j = y.length - 1; j >= 0; j--) {
      lcs[i][j] = x[i] === y[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    if (x[i] === y[j]) {
      push('same', x[i]);
      i++;
      j++;
    } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
      push('del', x[i++]);
    } else {
      push('ins', y[j++]);
    }
  }
  while (i < x.length) push('del', x[i++]);
  while (j < y.length) push('ins', y[j++]);
  return tidy(out);
}

/**
 * tidy gathers each changed stretch into one removal then one insertion, and folds a lone space
 * kept between two changes into both, so "a latte hot medium" → "a medium hot latte" reads as
 * one removed and one inserted phrase, not a patchwork of words.
 * @param {{op: 'same'|'del'|'ins', text: string}[]} runs
 */
function tidy(runs) {
  /** @type {{op: 'same'|'del'|'ins', text: string}[]} */
  const out = [];
  let del = '';
  let ins = '';
  const flush = () => {
    if (del) out.push({ op: 'del', text: del });
    if (ins) out.push({ op: 'ins', text: ins });
    del = '';
    ins = '';
  };
  runs.forEach((r, k) => {
    if (r.op === 'del') del += r.text;
    else if (r.op === 'ins') ins += r.text;
    else if (/^\s+$/.test(r.text) && (del || ins) && runs[k + 1] && runs[k + 1].op !== 'same') {
      del += r.text;
      ins += r.text;
    } else {
      flush();
      out.push({ ...r });
    }
  });
  flush();
  return out;
}
