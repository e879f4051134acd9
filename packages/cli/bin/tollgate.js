#!/usr/bin/env node
// A file that exists before the build, so `npm install` links `tollgate` on a fresh clone.
await import('../dist/main.js');
