import { censorText, screenText, type WatchedWord } from './screen-text.js';

const words: WatchedWord[] = [
  { id: 1, pattern: 'viagra', action: 'block' },
  { id: 2, pattern: 'casino*', action: 'require-approval' },
  { id: 3, pattern: '*coin', action: 'flag' },
  { id: 4, pattern: 'darn', action: 'censor', replacement: 'd**n' },
  { id: 5, pattern: 'heck', action: 'censor', replacement: null },
  { id: 6, pattern: 'buy * now', action: 'block' },
  { id: 7, pattern: 'cheap pills', action: 'flag' },
  { id: 8, pattern: 'fr*g', action: 'censor' },
];

function watched(text: string, list: WatchedWord[] = words) {
  return screenText(text, { watchedWords: list })
    .filter((hit) => hit.rule === 'watched-word')
    .map((hit) => ({
      id: hit.watchedWordId,
      severity: hit.severity,
      evidence: hit.evidence,
      span: text.slice(hit.start, hit.end),
    }));
}

describe('watched words', () => {
  it('rates each hit by the word action: block and require-approval high, flag medium, censor low', () => {
    expect(watched('viagra casinos bitcoin darn')).toEqual([
      { id: 1, severity: 'high', evidence: 'viagra', span: 'viagra' },
      { id: 2, severity: 'high', evidence: 'casinos', span: 'casinos' },
      { id: 3, severity: 'medium', evidence: 'bitcoin', span: 'bitcoin' },
      { id: 4, severity: 'low', evidence: 'darn', span: 'darn' },
    ]);
  });

  it('carries the word id, pattern and action on the hit', () => {
    const [hit] = screenText('Buy VIAGRA', { watchedWords: words });
    expect(hit).toMatchObject({
      rule: 'watched-word',
      term: 'viagra',
      watchedWordId: 1,
      action: 'block',
      evidence: 'VIAGRA',
      start: 4,
      end: 10,
    });
  });

  it('matches whole words only, case-insensitively', () => {
    expect(watched('VIAGRA Viagra')).toHaveLength(2);
    expect(watched('viagras megaviagra')).toEqual([]);
    expect(watched('the heckler')).toEqual([]);
  });

  it('reads * as any letters inside a word and, alone, as any one word', () => {
    expect(watched('casino casinos casinoroyale').map((hit) => hit.evidence)).toEqual([
      'casino',
      'casinos',
      'casinoroyale',
    ]);
    expect(watched('coin bitcoin dogecoin coins').map((hit) => hit.evidence)).toEqual([
      'coin',
      'bitcoin',
      'dogecoin',
    ]);
    expect(watched('frog frig frg fry').map((hit) => hit.evidence)).toEqual([
      'frog',
      'frig',
      'frg',
    ]);
    expect(watched('Buy cheap now! buy now').map((hit) => hit.evidence)).toEqual(['Buy cheap now']);
  });

  it('matches phrases across extra spaces, within one sentence', () => {
    expect(watched('CHEAP   pills here')).toEqual([
      { id: 7, severity: 'medium', evidence: 'CHEAP   pills', span: 'CHEAP   pills' },
    ]);
    expect(watched('cheap. Pills')).toEqual([]);
  });

  it('catches obfuscated spellings with the original span as evidence', () => {
    const variants = ['v1agra', 'v i a g r a', 'v.i.a.g.r.a', 'vіagra', 'ｖｉａｇｒａ', 'viaaagra'];
    for (const variant of variants) {
      const text = `get ${variant} today`;
      expect({ variant, hits: watched(text) }).toEqual({
        variant,
        hits: [{ id: 1, severity: 'high', evidence: variant, span: variant }],
      });
    }
  });

  it('keeps a doubled letter of the pattern required', () => {
    const list: WatchedWord[] = [{ id: 9, pattern: 'boss', action: 'flag' }];
    expect(watched('the bos', list)).toEqual([]);
    expect(watched('the bosss', list)).toHaveLength(1);
  });

  it('reports every watched word on the same span, each with its own id, most severe first', () => {
    const list: WatchedWord[] = [
      { id: 10, pattern: 'spam', action: 'flag' },
      { id: 11, pattern: 'sp*m', action: 'block' },
    ];
    expect(watched('pure spam', list).map((hit) => hit.id)).toEqual([11, 10]);
  });

  it('screens with no watched words, or an empty list', () => {
    expect(watched('viagra', [])).toEqual([]);
    expect(screenText('viagra').filter((hit) => hit.rule === 'watched-word')).toEqual([]);
  });
});

describe('censorText', () => {
  it('replaces censor words with their replacement, or **** without one', () => {
    expect(censorText('Oh darn, what the heck.', words)).toBe('Oh d**n, what the ****.');
  });

  it('leaves block, require-approval and flag words alone', () => {
    expect(censorText('viagra casino bitcoin', words)).toBe('viagra casino bitcoin');
  });

  it('censors every occurrence, wildcards and obfuscations included', () => {
    expect(censorText('frog, FRIG and d.a.r.n or dаrn (Cyrillic a)', words)).toBe(
      '****, **** and d**n or d**n (Cyrillic a)',
    );
  });

  it('keeps the rest of the text byte for byte', () => {
    const text = '😀 «quoted» — darn\nnext line';
    expect(censorText(text, words)).toBe('😀 «quoted» — d**n\nnext line');
  });

  it('returns the text unchanged without censor words', () => {
    expect(censorText('darn', [])).toBe('darn');
    expect(censorText('', words)).toBe('');
  });
});
