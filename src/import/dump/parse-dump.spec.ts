import { readFileSync } from 'node:fs';
import { fromRoot } from '../../common/project-root.js';
import { DumpFormatError } from './dump-format.error.js';
import { type ParsedDump, parseDump } from './parse-dump.js';

const SEED = readFileSync(fromRoot('src', 'import', 'seed', 'original-thread.txt'), 'utf8');
const NBSP_LINE = '\u00a0';

function dump(title: string, posts: string[], eol = '\n'): string {
  const lines = [
    "What's new",
    '',
    title,
    '',
    posts.join(`\n${NBSP_LINE}\n`),
    NBSP_LINE,
    'Back',
    'Top Bottom',
    '',
  ];
  return lines.join('\n').replace(/\n/g, eol);
}

function expectFormatError(input: string | Uint8Array, reason: DumpFormatError['reason']): void {
  let caught: unknown;
  try {
    parseDump(input);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(DumpFormatError);
  expect((caught as DumpFormatError).reason).toBe(reason);
  expect((caught as DumpFormatError).message).toMatch(/^Not a thread dump: /);
}

describe('parseDump on the seed thread', () => {
  let seed: ParsedDump;
  beforeAll(() => {
    seed = parseDump(SEED);
  });

  it('reads the title and fifteen posts, dropping the page chrome', () => {
    expect(seed.title).toBe('China-Russia Strategic Partnership: News and Analyses');
    expect(seed.posts).toHaveLength(15);
    expect(seed.posts.map((post) => post.index)).toEqual([...Array(15).keys()]);
    expect(
      seed.posts[0].text.startsWith(
        'Russia, China to look for new areas of cooperation — Putin\n\nDANANG',
      ),
    ).toBe(true);
    expect(seed.posts[14].text.endsWith('do not necessarily reflect those of Sputnik.')).toBe(true);
    const all = seed.posts.map((post) => post.text).join('\n');
    expect(all).not.toMatch(/What's new|Top Bottom|\u00a0/);
  });

  it('takes attachment lines out of the text and returns them', () => {
    const attachments = seed.posts.map((post) => post.attachments);
    expect(attachments[1]).toEqual(['1034202091.jpg']);
    expect(attachments[6]).toEqual(['FOREIGN201801020750000549001697170.jpg']);
    expect(attachments[7]).toEqual(['sino-SovietAlliance-china-soviet-propaganda-001.jpg']);
    expect(attachments[12]).toEqual(['upload_2018-3-19_12-6-17.png']);
    expect(attachments[13]).toEqual([
      'XxjidwE005001_20180319_BNMFN0A002_11n.jpg',
      'XxjidwE005001_20180319_BNMFN0A001_11n.jpg',
    ]);
    expect(attachments.flat()).toHaveLength(6);
    for (const post of seed.posts) expect(post.text).not.toMatch(/^\S+\.(?:jpe?g|png|gif|webp)$/im);
    expect(seed.posts[1].text.startsWith('Russia, China to Hold Drills')).toBe(true);
    expect(seed.posts[12].text).toBe(
      'I guess, with President Putin, it is never enough.\n\nGood news for China-Russia strategic partnership.',
    );
  });

  it('does not widen the gap an attachment stood in', () => {
    expect(seed.posts[6].text).toContain('(Xinhua) 07:45, January 02, 2018\n\n\n(File Photo)');
    expect(seed.posts[13].text).toContain('Editor: huaxia\n\nXi Jinping is awarded');
  });

  it('keeps the typography as written', () => {
    const space = seed.posts[8].text;
    expect(space).toContain('Ros\u0441osmos'); // Cyrillic с
    expect(space).toContain('Roscosmos');
    expect(seed.posts[0].text).toContain('China’s Communist Party');
    expect(seed.posts[1].text).toContain('MOSCOW (Sputnik) – The Russian');
    expect(seed.posts[1].text).toContain('© Sputnik/ Valeriy Melnikov');
    expect(seed.posts[7].text).toContain('ОАО ‘Chechenneftehimprom’');
    expect(seed.posts[2].text).toContain(
      'http://russia-insider.com/en/extrao...omic-integration-siberia-gathers-pace/ri21936',
    );
    expect(seed.posts[2].text).toContain('$1.5 billion\nBystrinsky plant.\nLocated');
  });

  it('trims only the blank lines around a post', () => {
    for (const post of seed.posts) {
      expect(post.text).toBe(post.text.replace(/^(?:[ \t]*\n)+|(?:\n[ \t]*)+$/g, ''));
      expect(post.text.trim()).not.toBe('');
    }
  });
});

describe('parseDump on other dumps of the same format', () => {
  it('parses shuffled, edited posts under another title, with CRLF line ends', () => {
    const seed = parseDump(SEED);
    const order = [14, 3, 9, 0, 12, 6, 1];
    const edited = order.map((index, position) => {
      const text = seed.posts[index].text.replace(/Russia/g, 'Rossiya');
      return position % 2 === 0 ? `${text}\n\nEdited by the member, “again” — twice.` : text;
    });
    const withPictures = edited.map((text, position) => {
      if (position === 2) return `photo_${position}.webp\n\n${text}\n\nchart.GIF`;
      if (position === 4) return `${text}\n\n\nupload_2019-1-2_3-4-5.png\n`;
      return text;
    });
    const parsed = parseDump(dump('Другая тема: Sino-Russian Ties, 2019', withPictures, '\r\n'));

    expect(parsed.title).toBe('Другая тема: Sino-Russian Ties, 2019');
    expect(parsed.posts.map((post) => post.text)).toEqual(edited);
    expect(parsed.posts[2].attachments).toEqual(['photo_2.webp', 'chart.GIF']);
    expect(parsed.posts[4].attachments).toEqual(['upload_2019-1-2_3-4-5.png']);
    expect(parsed.posts.filter((post) => post.attachments.length > 0)).toHaveLength(2);
    expect(parsed.posts.every((post) => !post.text.includes('\r'))).toBe(true);
  });

  it('accepts bytes, a byte-order mark and extra header chrome', () => {
    const text = `\ufeffForums\nWhat's new\n\n\nA thread\n\nFirst post.\n${NBSP_LINE}\nSecond post.\n${NBSP_LINE}\nBack\nTop Bottom`;
    const parsed = parseDump(new TextEncoder().encode(text));
    expect(parsed).toEqual({
      title: 'A thread',
      posts: [
        { index: 0, text: 'First post.', attachments: [] },
        { index: 1, text: 'Second post.', attachments: [] },
      ],
    });
  });

  it('keeps a last chunk that is a post, not footer chrome', () => {
    const parsed = parseDump(
      `What's new\n\nA thread\n\nFirst.\n${NBSP_LINE}\nBack to the topic: the last post.`,
    );
    expect(parsed.posts.map((post) => post.text)).toEqual([
      'First.',
      'Back to the topic: the last post.',
    ]);
  });

  it('keeps a file name that is part of a sentence, and skips empty chunks', () => {
    const parsed = parseDump(dump('T', ['See map.png for the route.', '', 'photo.jpg']));
    expect(parsed.posts).toEqual([
      { index: 0, text: 'See map.png for the route.', attachments: [] },
      { index: 1, text: '', attachments: ['photo.jpg'] },
    ]);
  });
});

describe('parseDump on inputs that are not dumps', () => {
  it('rejects an empty file', () => {
    expectFormatError('', 'empty');
    expectFormatError(' \n\n\t\n', 'empty');
  });

  it('rejects binary data', () => {
    expectFormatError(
      new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0xfe]),
      'binary',
    );
    expectFormatError(`What's new\n\nTitle\n\nPost\u0000\u0001\n${NBSP_LINE}\nBack`, 'binary');
  });

  it('rejects text without post separators', () => {
    expectFormatError('Just a note.\n\nNothing else here.', 'no-separators');
    expectFormatError("What's new\n\nTitle\n\nPost one\n\nPost two", 'no-separators');
  });

  it('rejects a dump without a title', () => {
    expectFormatError(`What's new\n\n\n${NBSP_LINE}\nA post\n${NBSP_LINE}\nBack`, 'no-title');
  });

  it('rejects a dump whose posts are all empty', () => {
    expectFormatError(
      `What's new\n\nTitle\n${NBSP_LINE}\n\n${NBSP_LINE}\nBack\nTop Bottom`,
      'no-posts',
    );
  });

  it('is a domain error the HTTP filter maps to 400', () => {
    expect(() => parseDump('plain text')).toThrow(
      expect.objectContaining({ code: 'invalid', name: 'DumpFormatError' }),
    );
  });
});
