// Writes docs/errors/ from the built catalog (run `npm run build` first; `npm run docs` does both).
// Removes pages of codes that no longer exist, so the folder always equals the catalog.
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderErrorDocs } from '../dist/docs-pages.js';

const dir = fileURLToPath(new URL('../../../docs/errors/', import.meta.url));
const files = renderErrorDocs();

await mkdir(dir, { recursive: true });
for (const name of await readdir(dir)) {
  if (name.endsWith('.md') && !files.has(name)) await rm(join(dir, name));
}
for (const [name, content] of files) await writeFile(join(dir, name), content);
console.log(`wrote ${files.size} pages to docs/errors/`);
