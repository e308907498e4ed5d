import { readFileSync } from 'node:fs';
import { fromRoot } from '../../common/project-root.js';
import { parseDump } from '../../import/dump/parse-dump.js';
import {
  type PostAnalysis,
  type PostKind,
  type SourceRef,
  analyzePost,
  loadOutlets,
} from './analyze-post.js';

const outlets = loadOutlets();
const seed = parseDump(
  readFileSync(fromRoot('src', 'import', 'seed', 'original-thread.txt'), 'utf8'),
);
const analyse = (index: number): PostAnalysis =>
  analyzePost(seed.posts[index].text, outlets, { attachments: seed.posts[index].attachments });

const outlet = (name: string): SourceRef => ({ url: null, outlet: name });

// Read by hand, post by post (0-based). Dates: the article's own dateline, header date or source
// line first, then a date in its URL, then an attachment name; a dateline without a year stays null.
const EXPECTED: { kind: PostKind; sources: SourceRef[]; date: string | null; why: string }[] = [
  {
    kind: 'mixed',
    sources: [outlet('TASS')],
    date: null,
    why: 'TASS report (dateline has no year), then the member: "But we need to go beyond that mark"',
  },
  {
    kind: 'news',
    sources: [
      {
        url: 'https://sputniknews.com/military/201711171059188661-russia-china-missile-strike/',
        outlet: 'Sputnik',
      },
    ],
    date: '2017-11-17T15:30',
    why: 'Sputnik article: photo credit, time stamp, dateline, source URL last',
  },
  {
    kind: 'news',
    sources: [
      { url: 'http://www.madeinrussia.com', outlet: null },
      {
        url: 'http://russia-insider.com/en/extrao...omic-integration-siberia-gathers-pace/ri21936',
        outlet: 'Russia Insider',
      },
    ],
    date: '2017-12-14',
    why: 'Pepe Escobar column via Russia Insider: headline, standfirst, byline, date, URL last',
  },
  {
    kind: 'news',
    sources: [outlet('RT')],
    date: null,
    why: 'RT report without headline: "Lavrov told RT", reported speech, quotes',
  },
  { kind: 'opinion', sources: [], date: null, why: "the member's own rant, no article furniture" },
  {
    kind: 'news',
    sources: [outlet('Sputnik'), outlet('Xinhua')],
    date: null,
    why: 'Sputnik: BEIJING (Sputnik) dateline, cites Xinhua; no date given',
  },
  {
    kind: 'mixed',
    sources: [
      outlet('Xinhua'),
      { url: 'http://en.people.cn/n3/2018/0102/c90000-9310371.html', outlet: "People's Daily" },
    ],
    date: '2018-01-02T07:45',
    why: "People's Daily/Xinhua report, URL, ***, then the member on Saudi oil",
  },
  {
    kind: 'news',
    sources: [outlet('New Eastern Outlook')],
    date: '2018-01-12',
    why: 'NEO article: byline, date, Source line',
  },
  {
    kind: 'news',
    sources: [outlet('Sputnik')],
    date: null,
    why: 'Sputnik: MOSCOW (Sputnik) dateline, no date',
  },
  {
    kind: 'mixed',
    sources: [outlet('Sputnik')],
    date: null,
    why: 'post 8 repeated word for word, then "Interesting development ... i mean"',
  },
  {
    kind: 'news',
    sources: [outlet('RT'), outlet('Global Research')],
    date: null,
    why: 'Global Research piece quoting RT, Source line',
  },
  {
    kind: 'news',
    sources: [],
    date: null,
    why: 'report without any source: headline, "said the Chinese envoy", quotes',
  },
  {
    kind: 'opinion',
    sources: [],
    date: '2018-03-19T12:06:17',
    why: '"I guess ..." plus a screenshot whose upload name dates it',
  },
  {
    kind: 'news',
    sources: [outlet('Xinhua')],
    date: '2018-03-19T10:14:16',
    why: 'Xinhua: Source line with time, captions, BEIJING dateline',
  },
  {
    kind: 'news',
    sources: [outlet('Sputnik')],
    date: null,
    why: 'Sputnik analysis piece with its disclaimer',
  },
];

describe('analyzePost on the seed thread', () => {
  it('has an expectation for every seed post', () => {
    expect(seed.posts).toHaveLength(EXPECTED.length);
  });

  it.each(EXPECTED.map((expected, index) => [index, expected.kind, expected.why, expected]))(
    'post %i is %s (%s)',
    (index, _kind, _why, expected) => {
      const analysis = analyse(index);
      expect(analysis.kind).toBe(expected.kind);
      expect(analysis.sources).toEqual(expected.sources);
      expect(analysis.articleDate).toBe(expected.date);
      expect(analysis.signals.length).toBeGreaterThan(0);
      for (const signal of analysis.signals) {
        expect(signal.name).toMatch(/^[a-z-]+$/);
        expect(signal.evidence).not.toBe('');
      }
    },
  );

  it('keeps headlines where the posts have them', () => {
    expect(analyse(0).headline).toBe('Russia, China to look for new areas of cooperation — Putin');
    expect(analyse(2).headline).toBe(
      'Extraordinary Russian-Chinese Economic Integration in Siberia Gathers Pace',
    );
    expect(analyse(13).headline).toBe('Xi congratulates Putin on election as Russian president');
    expect(analyse(3).headline).toBeNull();
    expect(analyse(4).headline).toBeNull();
  });

  it('splits post 0 where the TASS report ends and the member starts', () => {
    const text = seed.posts[0].text;
    const analysis = analyse(0);
    expect(analysis.articleEnd).not.toBeNull();
    expect(
      text
        .slice(0, analysis.articleEnd ?? 0)
        .endsWith('ready to further develop relations with Russia.'),
    ).toBe(true);
    expect(analysis.commentText).toBe(
      'Even the trade with Vietnam is over 100 billion, which is great and should grow further. But we need to go beyond that mark as soon as possible.',
    );
    expect(text.slice(analysis.commentStart ?? 0)).toBe(analysis.commentText);
    expect(analysis.articleText).toBe(text.slice(0, analysis.articleEnd ?? 0));
    expect(analysis.copiedShare).toBeCloseTo(
      analysis.articleText.length / (analysis.articleText.length + analysis.commentText.length),
    );
    expect(analysis.copiedShare).toBeGreaterThan(0.85);
    expect(analysis.copiedShare).toBeLessThan(1);
    expect(names(analysis)).toEqual(
      expect.arrayContaining([
        'headline',
        'dateline',
        'agency-credit',
        'trailing-comment',
        'comment-first-person',
      ]),
    );
  });

  it('splits post 6 at the *** line, keeping the source URL with the article', () => {
    const analysis = analyse(6);
    expect(
      analysis.articleText.endsWith('http://en.people.cn/n3/2018/0102/c90000-9310371.html'),
    ).toBe(true);
    expect(analysis.commentText.startsWith('The share of Saudi oil will further decline')).toBe(
      true,
    );
    expect(analysis.articleText).not.toContain('***');
    expect(analysis.commentText).not.toContain('***');
    expect(signal(analysis, 'separator')?.evidence).toBe('***');
  });

  it('splits post 9 after the repeated article', () => {
    const analysis = analyse(9);
    expect(analysis.articleText).toBe(seed.posts[8].text);
    expect(
      analysis.commentText.startsWith('Interesting development, China and Russia sure can share'),
    ).toBe(true);
    expect(names(analysis)).toEqual(
      expect.arrayContaining(['trailing-comment', 'comment-opinion-marker']),
    );
  });

  it('gives news the whole text as article and opinion the whole text as comment', () => {
    const news = analyse(7);
    expect(news.articleText).toBe(seed.posts[7].text);
    expect(news.commentText).toBe('');
    expect(news.copiedShare).toBe(1);
    expect(news.articleStart).toBe(0);
    expect(news.articleEnd).toBeNull();
    const opinion = analyse(4);
    expect(opinion.commentText).toBe(seed.posts[4].text);
    expect(opinion.articleText).toBe('');
    expect(opinion.copiedShare).toBe(0);
    expect(opinion.articleStart).toBeNull();
    expect(opinion.articleEnd).toBeNull();
    expect(opinion.shingleCount).toBe(0);
    expect(opinion.textSketch.shingleCount).toBeGreaterThan(50);
  });

  it('names the evidence that made each post news', () => {
    expect(signal(analyse(0), 'dateline')?.evidence).toBe('DANANG /Vietnam/, November 10. /TASS/.');
    expect(signal(analyse(0), 'agency-credit')?.evidence).toBe('/TASS/');
    expect(signal(analyse(1), 'dateline')?.evidence).toBe('MOSCOW (Sputnik) –');
    expect(signal(analyse(1), 'photo-credit')?.evidence).toBe('© Sputnik/ Valeriy Melnikov');
    expect(signal(analyse(1), 'url-line')).toBeDefined();
    expect(signal(analyse(2), 'byline')?.evidence).toBe('Pepe Escobar');
    expect(signal(analyse(7), 'byline')?.evidence).toBe('Dmitry Bokarev');
    expect(signal(analyse(7), 'source-line')?.evidence).toBe('Source: New Eastern Outlook');
    expect(signal(analyse(13), 'dateline')?.evidence).toBe('BEIJING, March 19 (Xinhua) --');
    expect(signal(analyse(3), 'reported-speech')?.evidence).toContain('told');
    expect(signal(analyse(14), 'disclaimer')).toBeDefined();
    expect(signal(analyse(12), 'first-person')?.weight).toBeLessThan(0);
  });

  it('explains how each date was found, and leaves a yearless dateline without a year', () => {
    expect(analyse(0).articleDateEvidence).toEqual({
      origin: 'dateline',
      text: 'DANANG /Vietnam/, November 10. /TASS/.',
      yearInferred: false,
    });
    expect(analyse(1).articleDateEvidence?.origin).toBe('date-line');
    expect(analyse(13).articleDateEvidence?.origin).toBe('source-line');
    expect(analyse(12).articleDateEvidence).toEqual({
      origin: 'attachment',
      text: 'upload_2018-3-19_12-6-17.png',
      yearInferred: false,
    });
    const withYear = analyzePost(seed.posts[0].text, outlets, { year: 2017 });
    expect(withYear.articleDate).toBe('2017-11-10');
    expect(withYear.articleDateEvidence?.yearInferred).toBe(true);
  });

  it('fingerprints the article part deterministically', () => {
    const first = analyse(8);
    const again = analyzePost(seed.posts[8].text, outlets);
    expect(again.fingerprint).toEqual(first.fingerprint);
    expect(first.fingerprint.length).toBeLessThanOrEqual(128);
    expect(
      first.fingerprint.every(
        (value) => Number.isInteger(value) && value >= 0 && value <= 0xffffffff,
      ),
    ).toBe(true);
    expect(first.shingleCount).toBeGreaterThan(200);
    expect(analyse(9).fingerprint).toEqual(first.fingerprint);
  });

  it('analyses the longest seed post without a blow-up in time', () => {
    const largest = [...seed.posts].sort((a, b) => b.text.length - a.text.length)[0].text;
    const runs: number[] = [];
    for (let run = 0; run < 50; run++) {
      const start = performance.now();
      analyzePost(largest, outlets);
      runs.push(performance.now() - start);
    }
    runs.sort((a, b) => a - b);
    // a sanity bound only; bench/ measures the real thing
    expect(runs[25]).toBeLessThan(100);
  });
});

function signal(analysis: PostAnalysis, name: string) {
  return analysis.signals.find((candidate) => candidate.name === name);
}

function names(analysis: PostAnalysis): string[] {
  return analysis.signals.map((candidate) => candidate.name);
}
