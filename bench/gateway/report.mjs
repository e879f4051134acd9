import { sectionMarkers, writeSection } from '../lib/performance-doc.mjs';

const { start, end } = sectionMarkers('gateway');
const fmt = (n, digits = 0) => (n === null || Number.isNaN(n) ? '–' : n.toFixed(digits));

/** Renders the results and puts them in docs/performance.md between this benchmark's markers. */
export function writeReport({ root, results, seconds, machine }) {
  const at = (target, c) => results.find((r) => r.target.startsWith(target) && r.connections === c);
  const lines = [
    start,
    '## Gateway: `npm run bench:gateway`',
    '',
    `Run ${new Date().toISOString()} on ${machine}. wrk, ${seconds} s per row after a 2 s warm-up; GET through each proxy to the echo upstream. CPU is the proxy processes' user+system time divided by the requests they served.`,
    '',
    '| target | c | RPS | p50 ms | p99 ms | non-2xx | CPU µs/request |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...results.map(
      (r) =>
        `| ${r.target} | ${r.connections} | ${fmt(r.rps)} | ${fmt(r.p50, 2)} | ${fmt(r.p99, 2)} | ${r.non2xx} | ${fmt(r.cpuUsPerRequest, 1)} |`,
    ),
    '',
    '| ratio | c=8 | c=64 |',
    '|---|---:|---:|',
  ];
  const ratio = (a, b) =>
    [8, 64].map((c) => fmt((at(a, c)?.rps ?? Number.NaN) / (at(b, c)?.rps ?? Number.NaN), 2));
  lines.push(`| Tollgate 1 process / nginx | ${ratio('Tollgate, 1', 'nginx').join(' | ')} |`);
  lines.push(`| Tollgate 1 process / bare Fastify proxy | ${ratio('Tollgate, 1', '@fastify').join(' | ')} |`);
  lines.push(`| Tollgate per core / bare Fastify proxy | ${ratio('Tollgate, 2', '@fastify').join(' | ')} |`);
  const one8 = at('Tollgate, 1', 8);
  const direct8 = at('echo upstream', 8);
  const bare8 = at('@fastify', 8);
  const addedP99 = (one8?.p99 ?? Number.NaN) - (direct8?.p99 ?? Number.NaN);
  const rpsRatio = (one8?.rps ?? Number.NaN) / (bare8?.rps ?? Number.NaN);
  const check = (ok) => (ok ? 'met' : '**missed**');
  lines.push(
    '',
    'Targets (issue 4), 1 process at c=8:',
    `- ≥ 0.8 × the bare Fastify proxy's RPS: ${fmt(rpsRatio, 2)} — ${check(rpsRatio >= 0.8)}`,
    `- ≤ 100 µs gateway CPU per request: ${fmt(one8?.cpuUsPerRequest ?? Number.NaN, 1)} µs — ${check((one8?.cpuUsPerRequest ?? Infinity) <= 100)}`,
    `- ≤ 2 ms added p99 over the upstream direct: ${fmt(addedP99, 2)} ms — ${check(addedP99 <= 2)}`,
    end,
  );
  const section = lines.join('\n');
  writeSection(root, 'gateway', section);
  return section;
}
