import { guardJsonBody, MAX_JSON_DEPTH } from './json-body-guard.js';

const check = (body: string | Buffer) => () =>
  guardJsonBody(null, null, Buffer.isBuffer(body) ? body : Buffer.from(body));

describe('guardJsonBody', () => {
  it('lets ordinary bodies through, whatever their text says', () => {
    expect(
      check(
        '{"body":"a post about __proto__: and \\"constructor\\": in JavaScript","quotePostIds":[1,2]}',
      ),
    ).not.toThrow();
    expect(
      check(
        '{"body":"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[ {{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{"}',
      ),
    ).not.toThrow();
    expect(check('{"body":"ünïcödé ✓ 漢字 🙂"}')).not.toThrow();
  });

  it(`refuses nesting deeper than ${MAX_JSON_DEPTH} levels`, () => {
    const nested = (depth: number) => `{"a":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;
    expect(check(nested(MAX_JSON_DEPTH))).not.toThrow();
    expect(check(nested(MAX_JSON_DEPTH + 1))).toThrow(/nests deeper/);
  });

  it('refuses bytes that are not UTF-8', () => {
    expect(
      check(
        Buffer.concat([Buffer.from('{"body":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]),
      ),
    ).toThrow(/UTF-8/);
    expect(
      check(
        Buffer.concat([Buffer.from('{"body":"'), Buffer.from([0xc0, 0xae]), Buffer.from('"}')]),
      ),
    ).toThrow(/UTF-8/);
  });

  it('refuses prototype keys at any depth, with any spacing', () => {
    expect(check('{"__proto__":{"role":"admin"}}')).toThrow(/reserved key/);
    expect(check('{"a":{"constructor" :{"prototype":{}}}}')).toThrow(/reserved key/);
    expect(check('{"a":[{"prototype"\n:1}]}')).toThrow(/reserved key/);
  });

  it('answers with a 400 that body-parser passes on', () => {
    try {
      check(
        '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]',
      )();
    } catch (error) {
      expect(error).toMatchObject({ status: 400, type: 'entity.verify.failed' });
      return;
    }
    throw new Error('not refused');
  });
});
