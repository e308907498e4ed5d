import { normalizeText } from './normalize.js';
import { compileScreeningData, readDataFile, screeningRules } from './term-list.js';

function termsFound(data: unknown, text: string): string[] {
  const rules = compileScreeningData([{ name: 'test.json', data }]);
  return rules.patterns.findAll(normalizeText(text)).map((match) => match.pattern.payload.term);
}

describe('screening data files', () => {
  it('compile, and every list they refer to exists', () => {
    expect(() => screeningRules()).not.toThrow();
    expect(screeningRules().patterns.patterns.length).toBeGreaterThan(50);
  });

  it('give every trope and term a category and a severity', () => {
    for (const file of ['hate-terms.json', 'personal-attacks.json']) {
      const data = readDataFile(file);
      expect(data).toEqual(expect.objectContaining({ lists: expect.any(Object) }));
    }
  });
});

describe('pattern steps', () => {
  const data = {
    lists: {
      group: ['jews', '@adjective @people'],
      adjective: ['martian'],
      people: ['people', 'folk'],
      bad: ['vermin', 'less than human'],
    },
    patterns: [
      {
        id: 'copula',
        category: 'test',
        severity: 'high',
        steps: ['@group', 'are|r', 'all?', '@bad'],
      },
      { id: 'gap', category: 'test', severity: 'high', steps: ['alpha', '~2', 'omega'] },
      { id: 'repeat', category: 'test', severity: 'low', steps: ['very+', 'bad'] },
      { id: 'ends', category: 'test', severity: 'low', steps: ['stop'], endsAtPunctuation: true },
      {
        id: 'guarded',
        category: 'test',
        severity: 'low',
        steps: ['shoot'],
        notFollowedBy: 'the breeze',
        notPrecededBy: 'photo',
      },
    ],
  };

  it('expands list references, alternatives and optional steps', () => {
    expect(termsFound(data, 'jews are vermin')).toEqual(['copula']);
    expect(termsFound(data, 'Martian folk r all less than human')).toEqual(['copula']);
    expect(termsFound(data, 'martian cats are vermin')).toEqual([]);
  });

  it('skips up to N words for a gap, never across a sentence end', () => {
    expect(termsFound(data, 'alpha one two omega')).toEqual(['gap']);
    expect(termsFound(data, 'alpha one two three omega')).toEqual([]);
    expect(termsFound(data, 'alpha. Omega')).toEqual([]);
    expect(termsFound(data, 'alpha? omega')).toEqual([]);
    expect(termsFound(data, 'alpha\nomega')).toEqual([]);
  });

  it('repeats a step with +', () => {
    expect(termsFound(data, 'very very bad')).toEqual(['repeat']);
    expect(termsFound(data, 'bad')).toEqual([]);
  });

  it('honours endsAtPunctuation, notFollowedBy and notPrecededBy', () => {
    expect(termsFound(data, 'stop!')).toEqual(['ends']);
    expect(termsFound(data, 'stop it')).toEqual([]);
    expect(termsFound(data, 'shoot him')).toEqual(['guarded']);
    expect(termsFound(data, 'shoot the breeze')).toEqual([]);
    expect(termsFound(data, 'photo shoot')).toEqual([]);
  });

  it('adds plurals to terms and drops their listed innocent contexts', () => {
    const terms = {
      terms: [
        { term: 'blorg', category: 'test', severity: 'high', exceptAfter: ['in the armour'] },
        { term: 'zonk', category: 'test', severity: 'high', plural: false },
      ],
    };
    expect(termsFound(terms, 'blorg blorgs zonk zonks')).toEqual(['blorg', 'blorg', 'zonk']);
    expect(termsFound(terms, 'a blorg in the armour')).toEqual([]);
  });

  it('rejects malformed data with the file and the place named', () => {
    const compile = (bad: unknown) => () => compileScreeningData([{ name: 'bad.json', data: bad }]);
    expect(
      compile({ patterns: [{ id: 'x', category: 'c', severity: 'huge', steps: ['a'] }] }),
    ).toThrow('screening data bad.json: patterns[0].severity must be low, medium or high');
    expect(
      compile({ patterns: [{ id: 'x', category: 'c', severity: 'low', steps: ['@nope'] }] }),
    ).toThrow('unknown list @nope');
    expect(
      compile({
        lists: { loop: ['@loop'] },
        patterns: [{ id: 'x', category: 'c', severity: 'low', steps: ['@loop'] }],
      }),
    ).toThrow('refers to itself');
    expect(compile({ terms: [{ term: '', category: 'c', severity: 'low' }] })).toThrow(
      'terms[0].term',
    );
  });
});
