// Summarises a V8 .cpuprofile by self time: the top functions, and the totals per place
// (our sources by file, dependencies by package, Node internals, GC, idle).
// `node bench/gateway/top-functions.mjs <file.cpuprofile> [count]`
import { readFileSync } from 'node:fs';

/** Self time (µs) per profile node, from the samples and their time deltas. */
export function selfTimes(profile) {
  const self = new Map();
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++) {
    // The delta before sample i+1 is the time spent in sample i.
    const dt = timeDeltas[i + 1] ?? 0;
    self.set(samples[i], (self.get(samples[i]) ?? 0) + dt);
  }
  return self;
}

/** Where a function lives: `gateway:proxy.stage.js`, `pkg:undici`, `node:internal/…`, or `(gc)` etc. */
export function placeOf(url, functionName) {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  const path = url.replace(/^file:\/\//, '');
  const nm = path.lastIndexOf('/node_modules/');
  if (nm !== -1) {
    const rest = path.slice(nm + '/node_modules/'.length).split('/');
    // Our own workspaces are symlinked into node_modules/@tollgate.
    if (rest[0] === '@tollgate') return `tollgate:${rest[1]}/${rest.at(-1)}`;
    return `pkg:${rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]}`;
  }
  const app = path.match(/\/(apps|packages)\/([^/]+)\/dist\/(.+)$/);
  if (app) return `tollgate:${app[2]}/${app[3]}`;
  if (path.startsWith('node:')) return path;
  return path;
}

export function summarise(profile, count = 30) {
  const self = selfTimes(profile);
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const byFunction = new Map();
  const byPlace = new Map();
  for (const node of profile.nodes) {
    const time = self.get(node.id) ?? 0;
    if (time === 0) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const place = placeOf(url, functionName);
    const name = `${functionName || '(anonymous)'} ${place}${url ? `:${lineNumber + 1}` : ''}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + time);
    byPlace.set(place, (byPlace.get(place) ?? 0) + time);
  }
  // Native frames (string writes, hashing, syscalls) charged to the JavaScript that called them.
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const byCaller = new Map();
  for (const [id, time] of self) {
    let node = byId.get(id);
    while (
      node &&
      node.callFrame.url === '' &&
      parent.has(node.id) &&
      !node.callFrame.functionName.startsWith('(')
    )
      node = parent.get(node.id);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const name = `${functionName || '(anonymous)'} ${placeOf(url, functionName)}${url ? `:${lineNumber + 1}` : ''}`;
    byCaller.set(name, (byCaller.get(name) ?? 0) + time);
  }
  const pct = (t) => `${((t / total) * 100).toFixed(1).padStart(5)}%`;
  const top = (map) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(([name, t]) => `${pct(t)}  ${name}`);
  const idle = byPlace.get('(idle)') ?? 0;
  return [
    `profile: ${(total / 1e6).toFixed(2)} s sampled, ${(idle / 1e6).toFixed(2)} s idle`,
    '',
    `top ${count} functions by self time:`,
    ...top(byFunction),
    '',
    `top ${count} places by self time:`,
    ...top(byPlace),
    '',
    `top ${count} functions, native time charged to the caller:`,
    ...top(byCaller),
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [file, count] = process.argv.slice(2);
  if (!file) {
    console.error('usage: node bench/gateway/top-functions.mjs <file.cpuprofile> [count]');
    process.exit(2);
  }
  console.log(summarise(JSON.parse(readFileSync(file, 'utf8')), Number(count ?? 30)));
}
