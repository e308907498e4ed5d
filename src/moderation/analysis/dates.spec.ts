import {
  dateInFileName,
  dateInUrl,
  findDate,
  parseMonthDay,
  resolveArticleDate,
  toIso,
} from './dates.js';

const iso = (text: string) => {
  const found = findDate(text);
  return found && found.date.year !== null ? toIso({ ...found.date, year: found.date.year }) : null;
};

describe('dates as articles print them', () => {
  it.each([
    ['15:30 17.11.2017(updated 15:36 17.11.2017)Get short URL', '2017-11-17T15:30'],
    ['Thu, Dec 14, 2017', '2017-12-14'],
    ['(Xinhua) 07:45, January 02, 2018', '2018-01-02T07:45'],
    ['Source: Xinhua | 2018-03-19 10:14:16 | Editor: huaxia', '2018-03-19T10:14:16'],
    ['Jan 12, 2018', '2018-01-12'],
    ['Published 17 November 2017', '2017-11-17'],
    ['Sept. 3rd, 2019', '2019-09-03'],
    ['01.02.2020', '2020-02-01'],
    ['2024-02-29T23:59', '2024-02-29T23:59'],
  ])('reads %s as %s', (text, expected) => {
    expect(iso(text)).toBe(expected);
  });

  it.each(['in 2016', '2023-02-29', '31.04.2018', '35% in 2017', 'call 2018-13-01'])(
    'finds no date in %s',
    (text) => {
      expect(iso(text)).toBeNull();
    },
  );

  it('reads a dateline day without a year', () => {
    expect(parseMonthDay('November 10')).toEqual({ year: null, month: 11, day: 10 });
    expect(parseMonthDay('Feb 30')).toBeNull();
  });

  it('reads dates inside URLs', () => {
    expect(
      dateInUrl('https://sputniknews.com/military/201711171059188661-russia-china-missile-strike/'),
    ).toEqual({ year: 2017, month: 11, day: 17 });
    expect(dateInUrl('http://en.people.cn/n3/2018/0102/c90000-9310371.html')).toEqual({
      year: 2018,
      month: 1,
      day: 2,
    });
    expect(dateInUrl('https://example.com/2019/07/04/story')).toEqual({
      year: 2019,
      month: 7,
      day: 4,
    });
    expect(
      dateInUrl(
        'http://russia-insider.com/en/extrao...omic-integration-siberia-gathers-pace/ri21936',
      ),
    ).toBeNull();
    expect(dateInUrl('https://tass.com/world/1000000')).toBeNull();
  });

  it('reads dates inside attachment names', () => {
    expect(dateInFileName('upload_2018-3-19_12-6-17.png')).toEqual({
      year: 2018,
      month: 3,
      day: 19,
      hour: 12,
      minute: 6,
      second: 17,
    });
    expect(dateInFileName('XxjidwE005001_20180319_BNMFN0A002_11n.jpg')).toEqual({
      year: 2018,
      month: 3,
      day: 19,
    });
    expect(dateInFileName('1034202091.jpg')).toBeNull();
  });

  it('gives a yearless dateline the year of another date in the post, else the hint, else none', () => {
    const dateline = {
      date: { year: null, month: 11, day: 10 },
      origin: 'dateline' as const,
      evidence: 'DANANG, November 10.',
      offset: 0,
    };
    const url = {
      date: { year: 2017, month: 11, day: 17 },
      origin: 'url' as const,
      evidence: 'https://x.example/20171117-a',
      offset: 900,
    };
    expect(resolveArticleDate([dateline, url])).toMatchObject({
      iso: '2017-11-10',
      origin: 'dateline',
      yearInferred: true,
    });
    expect(resolveArticleDate([dateline], 2016)).toMatchObject({
      iso: '2016-11-10',
      yearInferred: true,
    });
    expect(resolveArticleDate([dateline])).toMatchObject({
      iso: null,
      origin: 'dateline',
      yearInferred: false,
    });
    const january = { ...url, date: { year: 2018, month: 1, day: 3 } };
    const december = { ...dateline, date: { year: null, month: 12, day: 30 } };
    expect(resolveArticleDate([december, january]).iso).toBe('2017-12-30');
  });

  it('prefers the article header over its URL and the URL over an attachment', () => {
    const header = {
      date: { year: 2018, month: 1, day: 2 },
      origin: 'date-line' as const,
      evidence: 'h',
      offset: 50,
    };
    const url = {
      date: { year: 2018, month: 1, day: 3 },
      origin: 'url' as const,
      evidence: 'u',
      offset: 10,
    };
    const attachment = {
      date: { year: 2018, month: 1, day: 4 },
      origin: 'attachment' as const,
      evidence: 'a',
      offset: 999,
    };
    expect(resolveArticleDate([attachment, url, header]).iso).toBe('2018-01-02');
    expect(resolveArticleDate([attachment, url]).iso).toBe('2018-01-03');
    expect(resolveArticleDate([attachment]).iso).toBe('2018-01-04');
    expect(resolveArticleDate([]).iso).toBeNull();
  });
});
