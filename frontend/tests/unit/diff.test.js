import { describe, expect, test } from 'vitest';
import { diff, tokens } from '../../src/diff.js';

const show = (runs) => runs.map((r) => (r.op === 'same' ? r.text : r.op === 'del' ? `[-${r.text}-]` : `{+${r.text}+}`)).join('');

describe('diff of a learner line against its correction', () => {
  test('English is compared word by word', () => {
    expect(show(diff('I want a latte hot medium', 'I want a medium hot latte', 'en'))).toBe('I want a [-latte-]{+medium+} hot [-medium-]{+latte+}');
    expect(show(diff('I goed to school', 'I went to school', 'en'))).toBe('I [-goed-]{+went+} to school');
  });

  test('Korean and Japanese are compared character by character', () => {
    expect(show(diff('아메리카노 줘', '아메리카노 주세요', 'ko'))).toBe('아메리카노 [-줘-]{+주세요+}');
    expect(show(diff('コーヒーがください', 'コーヒーをください', 'ja'))).toBe('コーヒー[-が-]{+を+}ください');
    expect(tokens('학교에 가요', 'ko')).toHaveLength(6);
  });

  test('an unchanged line is one same run, and every run joins back to both lines', () => {
    expect(diff('Hello there', 'Hello there', 'en')).toEqual([{ op: 'same', text: 'Hello there' }]);
    for (const [a, b, l] of [['I has two cat', 'I have two cats', 'en'], ['저는 학생 이에요', '저는 학생이에요', 'ko'], ['', 'new', 'en']]) {
      const runs = diff(a, b, l);
      expect(runs.filter((r) => r.op !== 'ins').map((r) => r.text).join('')).toBe(a);
      expect(runs.filter((r) => r.op !== 'del').map((r) => r.text).join('')).toBe(b);
    }
  });
});
