import { loadOutlets, outletForHost } from './outlets.js';
import { findSources, findUrls } from './sources.js';

const outlets = loadOutlets();

describe('sources of a post', () => {
  it('keeps URLs as written, including the forum’s "..." shortening', () => {
    const text =
      'Read http://russia-insider.com/en/extrao...omic-integration-siberia-gathers-pace/ri21936 and (see https://en.wikipedia.org/wiki/Amur_(river)). Also www.globaltimes.cn/content/1.shtml.';
    expect(findUrls(text).map((url) => url.url)).toEqual([
      'http://russia-insider.com/en/extrao...omic-integration-siberia-gathers-pace/ri21936',
      'https://en.wikipedia.org/wiki/Amur_(river)',
      'www.globaltimes.cn/content/1.shtml',
    ]);
    expect(
      findUrls('cut at the end: https://www.scmp.com/news/china/diplomacy/article/30...').map(
        (url) => url.url,
      ),
    ).toEqual(['https://www.scmp.com/news/china/diplomacy/article/30...']);
  });

  it('maps a URL’s host, or a parent domain of it, to its outlet', () => {
    expect(outletForHost('en.people.cn', outlets)?.name).toBe("People's Daily");
    expect(outletForHost('www.sputniknews.com', outlets)?.name).toBe('Sputnik');
    expect(outletForHost('journal-neo.org', outlets)?.name).toBe('New Eastern Outlook');
    expect(outletForHost('madeinrussia.com', outlets)).toBeNull();
    expect(outletForHost('notrt.com', outlets)).toBeNull();
  });

  it('lists named outlets once, and not again when one of their URLs is listed', () => {
    const text = `BEIJING (Xinhua) -- text. According to Xinhua, the People’s Daily and RT said so; AFP agreed.
https://www.rt.com/news/1-story/`;
    expect(findSources(text, outlets)).toEqual([
      { url: null, outlet: 'Xinhua' },
      { url: null, outlet: "People's Daily" },
      { url: null, outlet: 'AFP' },
      { url: 'https://www.rt.com/news/1-story/', outlet: 'RT' },
    ]);
  });

  it('matches outlet names as whole, case-sensitive words', () => {
    const text =
      'The ART of the deal; a rapport; tassels; START treaty; global research shows; Reutersgate; the diplomat said.';
    expect(findSources(text, outlets)).toEqual([]);
    expect(findSources('/TASS/ and ITAR-TASS and (Sputnik/ photo)', outlets)).toEqual([
      { url: null, outlet: 'TASS' },
      { url: null, outlet: 'Sputnik' },
    ]);
  });

  it('skips names marked as ordinary phrases but keeps their domains', () => {
    expect(findSources('Russia’s Foreign Policy Concept was updated.', outlets)).toEqual([]);
    expect(findSources('https://foreignpolicy.com/2018/03/19/x/', outlets)).toEqual([
      { url: 'https://foreignpolicy.com/2018/03/19/x/', outlet: 'Foreign Policy' },
    ]);
  });
});
