// Content analysis cost per post: analysis + screening of each seed post, against rendering the same
// post (the work every write already does) as the baseline measured in the same run.
//   node bench/analysis.mjs [--rounds 200]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseDump } from '../dist/src/import/dump/parse-dump.js';
import { analyzePost, loadOutlets } from '../dist/src/moderation/analysis/analyze-post.js';
import { screenText } from '../dist/src/moderation/screening/screen-text.js';
import { renderBody } from '../dist/src/posts/rendering/render-body.js';
import { fromRoot } from '../dist/src/common/project-root.js';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '200' } } });
const rounds = Number(values.rounds);
const posts = parseDump(readFileSync(fromRoot('src', 'import', 'seed', 'original-thread.txt'))).posts;
const outlets = loadOutlets();

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * p))];
}

function time(fn) {
  const samples = [];
  for (let r = 0; r < rounds; r++) {
    for (const post of posts) {
      const start = process.hrtime.bigint();
      fn(post);
      samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    if (r % 50 === 0) process.stderr.write(`\r  round ${r}/${rounds}`);
  }
  process.stderr.write('\r');
  return samples;
}

// warm up the JIT on both paths
for (let i = 0; i < 20; i++) for (const p of posts) (analyzePost(p.text, outlets), renderBody(p.text));

const analysis = time((p) => {
  const a = analyzePost(p.text, outlets, { attachments: p.attachments });
  screenText(a.commentText);
});
const render = time((p) => renderBody(p.text));
const result = {
  posts: posts.length,
  rounds,
  averageChars: Math.round(posts.reduce((n, p) => n + p.text.length, 0) / posts.length),
  analysis: { median: median(analysis), p99: percentile(analysis, 0.99) },
  render: { median: median(render), p99: percentile(render, 0.99) },
};
result.ratio = result.analysis.median / result.render.median;
console.log(JSON.stringify(result, null, 2));
