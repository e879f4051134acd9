import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

// Where each runner leaves its JSON report, relative to its workspace.
export const vitestReport = 'test-results/vitest.json';
export const playwrightReport = 'playwright-report/results.json';

function workspaces(root) {
  return [
    ...['apps', 'packages'].flatMap((group) =>
      readdirSync(join(root, group)).map((name) => join(root, group, name)),
    ),
    join(root, 'chaos'),
  ];
}

export function clearReports(root) {
  for (const dir of workspaces(root)) rmSync(join(dir, vitestReport), { force: true });
  rmSync(join(root, 'e2e', playwrightReport), { force: true });
}

/** Adds up the vitest and Playwright JSON reports of one run. */
export function summarise(root) {
  const total = { passed: 0, failed: 0, skipped: 0 };
  for (const dir of workspaces(root)) {
    const file = join(dir, vitestReport);
    if (!existsSync(file)) continue;
    const report = JSON.parse(readFileSync(file, 'utf8'));
    total.passed += report.numPassedTests;
    total.failed += report.numFailedTests;
    total.skipped += report.numPendingTests + (report.numTodoTests ?? 0);
  }
  const e2e = join(root, 'e2e', playwrightReport);
  if (existsSync(e2e)) {
    const { stats } = JSON.parse(readFileSync(e2e, 'utf8'));
    total.passed += stats.expected + stats.flaky;
    total.failed += stats.unexpected;
    total.skipped += stats.skipped;
  }
  return total;
}
