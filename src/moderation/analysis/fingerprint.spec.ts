import { SIGNATURE_SIZE, containment, normalizedWords, similarity, sketch } from './fingerprint.js';

const ARTICLE = Array.from(
  { length: 60 },
  (_, i) =>
    `Sentence ${i} tells how the committee met in room ${i * 7} and agreed on item ${i * 13} of the plan.`,
).join(' ');

describe('MinHash fingerprints', () => {
  it('normalises case, punctuation, compatibility forms and mixed-script look-alikes', () => {
    expect(normalizedWords('Ros\u0441osmos’s “ＦＵＬＬ-width” ﬁle — OK!')).toEqual([
      'roscosmos',
      's',
      'full',
      'width',
      'file',
      'ok',
    ]);
    expect(normalizedWords('ОАО Газпром')).toEqual(['оао', 'газпром']);
    expect(sketch('Rosсosmos signed the deal on Saturday').fingerprint).toEqual(
      sketch('ROSCOSMOS signed the deal, on Saturday!').fingerprint,
    );
  });

  it('is deterministic and bounded', () => {
    const first = sketch(ARTICLE);
    expect(sketch(ARTICLE)).toEqual(first);
    expect(first.fingerprint).toHaveLength(SIGNATURE_SIZE);
    expect(first.fingerprint).toEqual([...first.fingerprint].sort((a, b) => a - b));
    const words = normalizedWords(ARTICLE);
    const distinct = new Set(words.slice(4).map((_, i) => words.slice(i, i + 5).join(' ')));
    expect(first.shingleCount).toBe(distinct.size);
    expect(sketch('')).toEqual({ fingerprint: [], shingleCount: 0 });
    expect(sketch('two words').shingleCount).toBe(1);
  });

  it('estimates Jaccard similarity close to the truth', () => {
    const words = ARTICLE.split(' ');
    const half = sketch(words.slice(0, Math.floor(words.length * 0.75)).join(' '));
    const whole = sketch(ARTICLE);
    expect(similarity(whole.fingerprint, whole.fingerprint)).toBe(1);
    expect(similarity(half.fingerprint, whole.fingerprint)).toBeGreaterThan(0.65);
    expect(similarity(half.fingerprint, whole.fingerprint)).toBeLessThan(0.85);
    expect(
      similarity(
        whole.fingerprint,
        sketch('An entirely different text about gardening and the weather in spring.').fingerprint,
      ),
    ).toBe(0);
  });

  it('estimates containment of a text repeated inside a longer one', () => {
    const earlier = sketch(ARTICLE);
    const later = sketch(
      `${ARTICLE} I agree with every word of this, and the committee should publish the plan soon.`,
    );
    expect(containment(earlier, later)).toBeGreaterThan(0.9);
    expect(containment(later, earlier)).toBeLessThan(containment(earlier, later));
    expect(containment(sketch(''), later)).toBe(0);
  });

  it('is exact for short texts', () => {
    const a = sketch('one two three four five six seven');
    const b = sketch('one two three four five six eight');
    // shingles: a = {1-5, 2-6, 3-7}, b = {1-5, 2-6, 3-8}: 2 shared of 4
    expect(similarity(a.fingerprint, b.fingerprint)).toBe(0.5);
  });
});
