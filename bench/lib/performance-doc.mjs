import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const header =
  '# Performance record\n\nEach benchmark writes its latest result between its markers, with the command and the machine.\n\n';

/** The markers that delimit one benchmark's section of docs/performance.md. */
export function sectionMarkers(name) {
  return { start: `<!-- bench:${name}:start -->`, end: `<!-- bench:${name}:end -->` };
}

/**
 * Puts `section` (which begins and ends with the benchmark's markers) in docs/performance.md,
 * replacing the previous result of that benchmark, or appending it the first time.
 */
export function writeSection(root, name, section) {
  const { start, end } = sectionMarkers(name);
  const file = join(root, 'docs', 'performance.md');
  const current = existsSync(file) ? readFileSync(file, 'utf8') : header;
  const next = current.includes(start)
    ? current.slice(0, current.indexOf(start)) + section + current.slice(current.indexOf(end) + end.length)
    : `${current.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, next);
  // The repo's formatter owns Markdown tables too: leave the file as `npm run lint` wants it.
  execFileSync('npx', ['biome', 'format', '--write', file], { cwd: root, stdio: 'ignore' });
}
