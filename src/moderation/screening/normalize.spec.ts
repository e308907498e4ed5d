import { normalizeText } from './normalize.js';

function words(text: string): { spelling: string; original: string }[] {
  const normalized = normalizeText(text);
  return normalized.tokens.map((token) => ({
    spelling: token.spellings[0].text,
    original: text.slice(token.start, token.end),
  }));
}

function readings(text: string): string[] {
  return normalizeText(text).edgesFrom.flatMap((edges) =>
    edges.flatMap((edge) => edge.spellings.map((spelling) => spelling.text)),
  );
}

describe('normalizeText', () => {
  it('lower-cases words and keeps their original spans', () => {
    expect(words('Hello, World!')).toEqual([
      { spelling: 'hello', original: 'Hello' },
      { spelling: 'world', original: 'World' },
    ]);
  });

  it('maps Cyrillic and Greek look-alikes inside Latin words, not in real Russian words', () => {
    expect(words('Rosсosmos')[0]).toEqual({ spelling: 'roscosmos', original: 'Rosсosmos' });
    expect(words('Κremlin')[0].spelling).toBe('kremlin');
    expect(words('Путин')[0].spelling).toBe('путин');
    // A word made only of look-alikes is read as Latin: that is how "ѕрам" dodges filters.
    expect(words('ѕрам')[0].spelling).toBe('spam');
  });

  it('folds full-width and mathematical letters, accents and invisible characters', () => {
    expect(words('ＦＵＬＬ')[0]).toEqual({ spelling: 'full', original: 'ＦＵＬＬ' });
    expect(words('𝐛𝐨𝐥𝐝')[0]).toEqual({ spelling: 'bold', original: '𝐛𝐨𝐥𝐝' });
    expect(words('naïve')[0].spelling).toBe('naive');
    expect(words('in\u200bvisible')[0]).toEqual({
      spelling: 'invisible',
      original: 'in\u200bvisible',
    });
  });

  it('reads leetspeak in words that have letters, both readings of 1, and leaves numbers alone', () => {
    expect(normalizeText('1d10t').tokens[0].spellings.map((spelling) => spelling.text)).toEqual([
      'idiot',
      'idlot',
      'ldiot',
      'ldlot',
    ]);
    expect(words('$h!t')[0]).toEqual({ spelling: 'shit', original: '$h!t' });
    expect(words('in 2017 we paid $1.5 billion').map((word) => word.spelling)).toEqual([
      'in',
      '2017',
      'we',
      'paid',
      '$1',
      '5',
      'billion',
    ]);
  });

  it('joins letters split by dots, hyphens or spaces as extra readings', () => {
    expect(readings('s.l.u.r')).toContain('slur');
    expect(readings('s-l-u-r')).toContain('slur');
    expect(readings('s l u r')).toContain('slur');
    expect(readings('sub-human')).toEqual(expect.arrayContaining(['sub', 'human', 'subhuman']));
    expect(readings('a b')).not.toContain('ab');
  });

  it('squeezes repeated letters but remembers the runs', () => {
    const [spelling] = normalizeText('iiidiooot').tokens[0].spellings;
    expect(spelling).toEqual({ text: 'iiidiooot', squeezed: 'idiot', runs: [3, 1, 1, 3, 1] });
  });

  it('marks sentence ends and line breaks, not dots inside words or before a lower-case word', () => {
    const tokens = normalizeText('U.S. forces. Next\nline; more! go').tokens;
    expect(tokens.map((token) => token.breakBefore)).toEqual([
      true,
      false,
      false,
      true,
      true,
      true,
      true,
    ]);
  });
});

describe('normalizeText with characters outside the BMP', () => {
  it('keeps emoji out of words, so a slur with an emoji stuck to it is still a word', () => {
    expect(words('idiot😀 😀kike')).toEqual([
      { spelling: 'idiot', original: 'idiot' },
      { spelling: 'kike', original: 'kike' },
    ]);
  });
});
