import { spawn } from 'node:child_process';

/** Runs wrk and parses requests/s, total requests and the p50/p99 latencies (ms). */
export function runWrk({ url, connections, seconds, headers = {} }) {
  const args = [
    '-t',
    String(Math.min(2, connections)),
    '-c',
    String(connections),
    '-d',
    `${seconds}s`,
    '--latency',
  ];
  for (const [name, value] of Object.entries(headers)) args.push('-H', `${name}: ${value}`);
  args.push(url);
  return new Promise((resolve, reject) => {
    const child = spawn('wrk', args);
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`wrk exited ${code}: ${out}`));
      resolve(parseWrk(out));
    });
  });
}

function toMs(value, unit) {
  const factor = { us: 0.001, ms: 1, s: 1000, m: 60_000 }[unit];
  return Number(value) * factor;
}

export function parseWrk(out) {
  const latency = (p) => {
    const match = out.match(new RegExp(`^\\s*${p}%\\s+([\\d.]+)(us|ms|s|m)\\s*$`, 'm'));
    return match ? toMs(match[1], match[2]) : Number.NaN;
  };
  const requests = Number(out.match(/(\d+) requests in/)?.[1] ?? Number.NaN);
  const non2xx = Number(out.match(/Non-2xx or 3xx responses: (\d+)/)?.[1] ?? 0);
  const errors = out.match(/Socket errors: .*/)?.[0] ?? '';
  return {
    rps: Number(out.match(/Requests\/sec:\s+([\d.]+)/)?.[1] ?? Number.NaN),
    requests,
    non2xx,
    errors,
    p50: latency(50),
    p99: latency(99),
  };
}
