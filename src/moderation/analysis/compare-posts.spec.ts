import { readFileSync } from 'node:fs';
import { fromRoot } from '../../common/project-root.js';
import { parseDump } from '../../import/dump/parse-dump.js';
import {
  DUPLICATE_SIMILARITY,
  QUOTE_CONTAINMENT,
  RELATED_MIN,
  type PostAnalysis,
  analyzePost,
  comparePosts,
  containment,
  loadOutlets,
  relatedness,
  similarity,
} from './analyze-post.js';

const outlets = loadOutlets();
const seed = parseDump(
  readFileSync(fromRoot('src', 'import', 'seed', 'original-thread.txt'), 'utf8'),
);
const analyses = seed.posts.map((post) =>
  analyzePost(post.text, outlets, { attachments: post.attachments }),
);

describe('comparing the seed posts', () => {
  it('sees that post 9 repeats post 8 in full and then adds a comment', () => {
    const [earlier, later] = [analyses[8], analyses[9]];
    expect(containment(earlier.textSketch, later.textSketch)).toBeGreaterThanOrEqual(
      QUOTE_CONTAINMENT,
    );
    expect(containment(later.textSketch, earlier.textSketch)).toBeLessThan(QUOTE_CONTAINMENT);
    expect(similarity(earlier.fingerprint, later.fingerprint)).toBe(1); // the same article part
    expect(comparePosts(earlier, later).relation).toBe('quotes-earlier');
  });

  it('scores posts 8 and 10, one story from Sputnik and from Global Research/RT, as related but not duplicate', () => {
    for (const sputnik of [8, 9]) {
      const comparison = comparePosts(analyses[sputnik], analyses[10]);
      expect(comparison.relation).toBe('related');
      expect(comparison.relatedness).toBeGreaterThanOrEqual(RELATED_MIN);
      expect(comparison.textSimilarity).toBeLessThan(0.2);
      expect(comparison.articleSimilarity).toBeLessThan(DUPLICATE_SIMILARITY);
    }
  });

  it('finds no other duplicate, quote or related pair in the thread', () => {
    const pairs: string[] = [];
    analyses.forEach((later, j) =>
      analyses.slice(0, j).forEach((earlier, i) => {
        const { relation } = comparePosts(earlier, later);
        if (relation !== 'unrelated') pairs.push(`${i}-${j} ${relation}`);
      }),
    );
    expect(pairs).toEqual(['8-9 quotes-earlier', '8-10 related', '9-10 related']);
  });

  it('keeps relatedness symmetric and within 0..1', () => {
    for (const a of analyses) {
      for (const b of analyses) {
        const score = relatedness(a, b);
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(1);
        expect(score).toBeCloseTo(relatedness(b, a), 10);
      }
    }
  });
});

describe('comparing posts written for the test', () => {
  const reuters = analyzePost(
    `Harbour Bridge Reopens After Two-Year Repair

LISBON, May 4 (Reuters) - The city's main harbour bridge reopened to traffic on Thursday after a two-year, 120-million-euro repair, the transport ministry said.

"The bridge is safe for the next fifty years," transport minister Ana Costa told reporters at the opening ceremony, adding that tolls would stay unchanged until 2025.

Engineers replaced 40 percent of the deck and all of the suspension cables, according to the ministry. Traffic had been diverted to a ferry service that carried about 9,000 cars a day.

The European Investment Bank financed half of the work, the ministry said.`,
    outlets,
  );
  const afp = analyzePost(
    `Lisbon Harbour Bridge Back in Service After Repair Works

LISBON (AFP) – Portugal's capital reopened its harbour bridge on Thursday, ending two years of repair works that cost 120 million euros and forced commuters onto ferries.

Transport minister Ana Costa said the structure, whose suspension cables were all replaced, would last another fifty years. Tolls will not rise before 2025, she added.

About 9,000 cars a day had used the temporary ferry link during the works, officials said.`,
    outlets,
  );
  const harvest = analyzePost(
    `Farmers Report Record Apple Harvest in Northern Valleys

Apple growers in the northern valleys picked a record 1.2 million tonnes this autumn, the regional farmers' association said on Tuesday.

Prices, however, fell by about 15 percent as supermarkets cut their orders, according to the association.`,
    outlets,
  );

  it('calls the same story from two agencies related', () => {
    expect(comparePosts(reuters, afp)).toMatchObject({ relation: 'related' });
    expect(relatedness(reuters, afp)).toBeGreaterThanOrEqual(RELATED_MIN);
  });

  it('calls different stories unrelated', () => {
    expect(comparePosts(reuters, harvest).relation).toBe('unrelated');
    expect(relatedness(afp, harvest)).toBeLessThan(0.1);
  });

  it('calls a lightly edited repost a duplicate', () => {
    const repost = analyzePost(
      reuters.articleText
        .replace('on Thursday', 'on Thursday morning')
        .replace('about 9,000', 'some 9,000'),
      outlets,
    );
    const comparison = comparePosts(reuters, repost);
    expect(comparison.relation).toBe('duplicate');
    expect(comparison.textSimilarity).toBeGreaterThanOrEqual(DUPLICATE_SIMILARITY);
  });

  it('calls the same article under another comment a duplicate, and a repost with a comment a quote', () => {
    const withComment = analyzePost(
      `${reuters.articleText}\n\n***\n\nAbout time. I hope the tolls stay low!`,
      outlets,
    );
    expect(withComment.kind).toBe('mixed');
    expect(comparePosts(reuters, withComment).relation).toBe('quotes-earlier');
    const otherComment = analyzePost(
      `${reuters.articleText}\n\n***\n\nWhat a waste of two years, if you ask me.`,
      outlets,
    );
    expect(comparePosts(withComment, otherComment)).toMatchObject({
      relation: 'duplicate',
      articleSimilarity: 1,
    });
  });

  it('compares nothing with empty posts', () => {
    const empty: PostAnalysis = analyzePost('', outlets);
    expect(comparePosts(empty, reuters).relation).toBe('unrelated');
    expect(similarity(empty.fingerprint, reuters.fingerprint)).toBe(0);
    expect(containment(empty, reuters)).toBe(0);
  });
});
