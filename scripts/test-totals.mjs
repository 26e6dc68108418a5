// Sums the JSON reports that `npm test` writes (vitest, and Playwright when present) and
// prints "N passed, N failed" as the last line. Exit code 1 when no report was found.
import { existsSync, readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
let reports = 0;

const vitest = 'test-results/vitest.json';
if (existsSync(vitest)) {
  const r = JSON.parse(readFileSync(vitest, 'utf8'));
  passed += r.numPassedTests ?? 0;
  failed += (r.numFailedTests ?? 0) + (r.numFailedTestSuites > 0 && r.numFailedTests === 0 ? r.numFailedTestSuites : 0);
  reports++;
}

for (const file of ['test-results/e2e.json']) {
  if (!existsSync(file)) continue;
  const r = JSON.parse(readFileSync(file, 'utf8'));
  passed += r.stats?.expected ?? 0;
  failed += (r.stats?.unexpected ?? 0) + (r.stats?.flaky ?? 0);
  reports++;
}

if (reports === 0) failed++; // nothing ran: that is a failure, not a pass
// `npm test` can fail while every test passed (an unhandled rejection between tests, a lint
// error): the reports don't show it, so the caller passes the exit status to count it.
const status = Number(process.argv[process.argv.indexOf('--status') + 1] ?? 0);
if (process.argv.includes('--status') && status !== 0 && failed === 0) {
  console.log(`npm test exited with ${status} although no test failed: see the output above (e.g. "Unhandled Errors")`);
  failed = 1;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(reports === 0 ? 1 : 0);
