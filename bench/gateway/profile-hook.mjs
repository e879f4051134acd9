// Loaded into a gateway with `NODE_OPTIONS=--import …/profile-hook.mjs` (BENCH_PROFILE=1):
// the first SIGUSR2 starts V8's sampling profiler, the second stops it and writes
// `gateway-<pid>.cpuprofile` into TOLLGATE_CPU_PROFILE_DIR. Only the measured window is
// profiled, not boot or warm-up (which `node --cpu-prof` would include), and the file is
// written even though the process later ends by a signal.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';

const dir = process.env.TOLLGATE_CPU_PROFILE_DIR ?? '.';
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 250 });
let running = false;

process.on('SIGUSR2', () => {
  if (!running) {
    running = true;
    void session.post('Profiler.start');
    return;
  }
  running = false;
  void session.post('Profiler.stop').then(({ profile }) => {
    const file = join(dir, `gateway-${process.pid}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
  });
});
