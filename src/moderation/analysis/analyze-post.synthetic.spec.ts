import { analyzePost, compileOutlets, loadOutlets } from './analyze-post.js';

// Posts written for these tests on other subjects, so nothing depends on the seed's wording.
const outlets = loadOutlets();

const OPINION = `Honestly I think the new stadium is a waste of money. We already have two arenas in this town and nobody fills them.

My neighbours agree with me, and you would too if you had to sit in the traffic every weekend! Why does the council never ask us before it spends our taxes?`;

const ARTICLE_THEN_STARS = `Harbour Bridge Reopens After Two-Year Repair

LISBON, May 4 (Reuters) - The city's main harbour bridge reopened to traffic on Thursday after a two-year, 120-million-euro repair, the transport ministry said.

"The bridge is safe for the next fifty years," transport minister Ana Costa told reporters at the opening ceremony, adding that tolls would stay unchanged until 2025.

Engineers replaced 40 percent of the deck and all of the suspension cables, according to the ministry. Traffic had been diverted to a ferry service that carried about 9,000 cars a day.

The European Investment Bank financed half of the work, the ministry said.

***

Finally! I drove across it this morning and it took me five minutes instead of an hour. Let's see how long the tolls really stay the same.`;

const NO_SOURCE = `Farmers Report Record Apple Harvest in Northern Valleys

Apple growers in the northern valleys picked a record 1.2 million tonnes this autumn, the regional farmers' association said on Tuesday.

Warm spring weather and the absence of late frosts helped orchards produce larger fruit, association chairman Peter Lind said. "We have not seen a season like this in twenty years," he told a press conference.

Prices, however, fell by about 15 percent as supermarkets cut their orders, according to the association. Growers expect exports to Scandinavia to absorb part of the surplus.

The association said it would ask the government for help with storage costs.`;

const COMMENT_FIRST = `Look at this, I told you the talks would go nowhere!

Trade Talks Stall Over Steel Tariffs

By Maria Lopez

GENEVA (AP) — Negotiators from the two blocs ended a third round of trade talks on Friday without agreement on steel tariffs, officials said.

The European side had offered to cut duties on machinery in exchange for quotas on steel imports, but the proposal was rejected late on Thursday, two diplomats familiar with the talks told reporters.

"We remain open to a fair deal," the chief negotiator said in a statement. A fourth round is planned for September.`;

const COMMENT_LAST = `City Council Approves Budget for New Tram Line

The city council on Monday approved a 300 million budget for a new tram line linking the airport with the central station, officials said.

Construction is expected to begin next spring and take four years, according to the transport department. The line will have 14 stops and carry up to 40,000 passengers a day, the department said in a statement.

Opposition councillors criticised the cost, saying the money should have gone to buses. "This is a prestige project," councillor Jan Berg told local radio.

I doubt they will finish it in four years. We have heard the same promises about the ring road and it is still not done.`;

const COMMENT_AFTER_URL = `Port Traffic Rises for Third Straight Month

Container traffic through the southern ports rose 8 percent in March from a year earlier, the port authority said on Wednesday, the third monthly increase in a row.

Shipments of electronics and auto parts led the growth, the authority said, while bulk cargo was flat. Analysts said the figures pointed to a recovery in regional demand after a weak winter.

"Volumes are back to where they were before the slowdown," an authority spokesman told reporters.

https://www.scmp.com/business/article/3001234/port-traffic-rises-third-straight-month

So much for the slowdown everyone was shouting about. What do you all make of it?`;

describe('analyzePost on posts written for the test', () => {
  it('reads a first-person post without any outlet as opinion', () => {
    const analysis = analyzePost(OPINION, outlets);
    expect(analysis.kind).toBe('opinion');
    expect(analysis.sources).toEqual([]);
    expect(analysis.articleDate).toBeNull();
    expect(analysis.headline).toBeNull();
    expect(analysis.commentText).toBe(OPINION);
    expect(analysis.articleText).toBe('');
    expect(analysis.copiedShare).toBe(0);
    expect(analysis.signals.map((signal) => signal.name)).toEqual(
      expect.arrayContaining([
        'first-person',
        'second-person',
        'exclamation',
        'rhetorical-question',
        'opinion-marker',
      ]),
    );
  });

  it('splits an article from the comment after a *** line', () => {
    const analysis = analyzePost(ARTICLE_THEN_STARS, outlets);
    expect(analysis.kind).toBe('mixed');
    expect(analysis.headline).toBe('Harbour Bridge Reopens After Two-Year Repair');
    expect(analysis.articleText.endsWith('financed half of the work, the ministry said.')).toBe(
      true,
    );
    expect(analysis.commentText).toBe(
      "Finally! I drove across it this morning and it took me five minutes instead of an hour. Let's see how long the tolls really stay the same.",
    );
    expect(ARTICLE_THEN_STARS.slice(0, analysis.articleEnd ?? 0)).toBe(analysis.articleText);
    expect(ARTICLE_THEN_STARS.slice(analysis.commentStart ?? 0)).toBe(analysis.commentText);
    expect(analysis.sources).toEqual([{ url: null, outlet: 'Reuters' }]);
    // "May 4" has no year and the post holds no other full date: no guess
    expect(analysis.articleDate).toBeNull();
    expect(analyzePost(ARTICLE_THEN_STARS, outlets, { year: 2023 }).articleDate).toBe('2023-05-04');
  });

  it('reads a sourceless report as news from its shape and register', () => {
    const analysis = analyzePost(NO_SOURCE, outlets);
    expect(analysis.kind).toBe('news');
    expect(analysis.sources).toEqual([]);
    expect(analysis.articleDate).toBeNull();
    expect(analysis.headline).toBe('Farmers Report Record Apple Harvest in Northern Valleys');
    expect(analysis.signals.map((signal) => signal.name)).toEqual(
      expect.arrayContaining(['headline', 'reported-speech', 'quotations']),
    );
  });

  it('finds a comment written before the article', () => {
    const analysis = analyzePost(COMMENT_FIRST, outlets);
    expect(analysis.kind).toBe('mixed');
    expect(analysis.commentText).toBe('Look at this, I told you the talks would go nowhere!');
    expect(analysis.commentStart).toBe(0);
    expect(
      COMMENT_FIRST.slice(analysis.articleStart ?? 0).startsWith(
        'Trade Talks Stall Over Steel Tariffs',
      ),
    ).toBe(true);
    expect(analysis.articleEnd).toBe(COMMENT_FIRST.length);
    expect(analysis.headline).toBe('Trade Talks Stall Over Steel Tariffs');
    expect(analysis.sources).toEqual([{ url: null, outlet: 'AP' }]);
    expect(analysis.signals.find((signal) => signal.name === 'byline')?.evidence).toBe(
      'By Maria Lopez',
    );
  });

  it('finds a comment in the member’s voice after an article with no marker', () => {
    const analysis = analyzePost(COMMENT_LAST, outlets);
    expect(analysis.kind).toBe('mixed');
    expect(analysis.commentText).toBe(
      'I doubt they will finish it in four years. We have heard the same promises about the ring road and it is still not done.',
    );
    expect(analysis.articleText.endsWith('councillor Jan Berg told local radio.')).toBe(true);
  });

  it('ends the article at its source URL and maps the domain to the outlet', () => {
    const analysis = analyzePost(COMMENT_AFTER_URL, outlets);
    expect(analysis.kind).toBe('mixed');
    expect(analysis.articleText.endsWith('port-traffic-rises-third-straight-month')).toBe(true);
    expect(analysis.commentText).toBe(
      'So much for the slowdown everyone was shouting about. What do you all make of it?',
    );
    expect(analysis.sources).toEqual([
      {
        url: 'https://www.scmp.com/business/article/3001234/port-traffic-rises-third-straight-month',
        outlet: 'SCMP',
      },
    ]);
  });

  it('lists outlets a member names without making the post news', () => {
    const analysis = analyzePost(
      "RT is propaganda and I don't read it. You should check Reuters or the South China Morning Post instead.",
      outlets,
    );
    expect(analysis.kind).toBe('opinion');
    expect(analysis.sources.map((source) => source.outlet)).toEqual(['RT', 'Reuters', 'SCMP']);
  });

  it('does not cut the last paragraph off a column written in the first person throughout', () => {
    const column = `Why the Old Bridge Had to Go

By Anna Berg

LISBON, May 4 (Reuters) - The city's main harbour bridge reopened on Thursday after a two-year repair, the transport ministry said.

I crossed the old bridge every day for ten years, and I never once felt safe on it.

Engineers replaced all of the suspension cables and 40 percent of the deck, according to the ministry, which said the work cost 120 million euros.

If you drive across it tomorrow, you will feel the difference.`;
    const analysis = analyzePost(column, outlets);
    expect(analysis.kind).toBe('news');
    expect(analysis.commentText).toBe('');
  });

  it('handles empty and tiny inputs', () => {
    expect(analyzePost('', outlets)).toMatchObject({
      kind: 'opinion',
      sources: [],
      articleDate: null,
      shingleCount: 0,
    });
    expect(analyzePost('+1', outlets).kind).toBe('opinion');
    expect(analyzePost('https://tass.com/world/1000000', outlets).sources).toEqual([
      { url: 'https://tass.com/world/1000000', outlet: 'TASS' },
    ]);
  });

  it('uses the outlet list it is given', () => {
    const local = compileOutlets([
      { name: 'Valley Gazette', aliases: ['the Gazette'], domains: ['valleygazette.example'] },
    ]);
    const analysis = analyzePost(
      `${NO_SOURCE}\n\nSource: Valley Gazette, https://valleygazette.example/apples`,
      local,
    );
    expect(analysis.sources).toEqual([
      { url: 'https://valleygazette.example/apples', outlet: 'Valley Gazette' },
    ]);
  });
});
