// Sums Jest's own JSON results into the one line CI reads. A suite that failed to run counts as a
// failure, and a missing results file (Jest crashed) does too. Each failure's message is printed
// first (shortened), so a red run says why without the full log.
import { existsSync, readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of process.argv.slice(2)) {
  if (!existsSync(file)) {
    console.log(`[ci] ${file} is missing: Jest did not finish`);
    failed += 1;
    continue;
  }
  const r = JSON.parse(readFileSync(file, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests + r.numRuntimeErrorTestSuites;
  skipped += r.numPendingTests + (r.numTodoTests ?? 0);
  for (const suite of r.testResults ?? []) {
    if (suite.status === 'failed' && suite.assertionResults.every((a) => a.status !== 'failed')) {
      console.log(`[ci] ${file}: ${suite.name} did not run:\n${shorten(suite.message)}`);
    }
    for (const test of suite.assertionResults ?? []) {
      if (test.status === 'failed') console.log(`[ci] ${file}: ${test.fullName}\n${shorten(test.failureMessages.join('\n'))}`);
    }
  }
}
if (process.argv.length <= 2) failed += 1;
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);

function shorten(text) {
  // eslint-disable-next-line no-control-regex
  const lines = String(text ?? '')
    .replace(/\u001b\[[0-9;]*m/g, '')
    .split('\n')
    .filter((line) => !/^\s+at /.test(line) || line.includes('.ts:'));
  return lines.slice(0, 30).map((line) => `    ${line.slice(0, 300)}`).join('\n');
}
