import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { catalog, errorCodes } from './catalog.js';
import {
  errorIndexFileName,
  errorPageFileName,
  renderErrorDocs,
  renderErrorIndex,
  renderErrorPage,
  statusReason,
} from './docs-pages.js';
import { toProblem } from './problem.js';

const docsDir = new URL('../../../docs/errors/', import.meta.url);

describe('error docs', () => {
  it('committed.ok: docs/errors holds exactly what the generator writes (run `npm run docs -w @tollgate/errors`)', () => {
    const expected = renderErrorDocs();
    const committed = readdirSync(docsDir).filter((name) => name.endsWith('.md'));
    expect(committed.sort()).toEqual([...expected.keys()].sort());
    for (const [name, content] of expected) {
      expect(readFileSync(new URL(name, docsDir), 'utf8'), name).toBe(content);
    }
  });

  it('files.ok: one page per code plus the index, no name clash', () => {
    const files = renderErrorDocs();
    expect(files.size).toBe(errorCodes.length + 1);
    expect(files.has(errorIndexFileName)).toBe(true);
    for (const code of errorCodes) expect(errorPageFileName(code).toLowerCase()).not.toBe('readme.md');
  });

  it('page.ok: names the code, title, status, layer and description, with a parseable example', () => {
    for (const code of errorCodes) {
      const page = renderErrorPage(code);
      const entry = catalog[code];
      expect(page.startsWith(`# \`${code}\``), code).toBe(true);
      expect(page).toContain(entry.title);
      expect(page).toContain(entry.description);
      expect(page).toContain(`\`${entry.layer}\``);
      expect(page).toContain(`HTTP/1.1 ${entry.status} ${statusReason(entry.status)}`);
      const json = page.slice(page.indexOf('\n{') + 1, page.indexOf('\n}') + 2);
      expect(JSON.parse(json)).toEqual(toProblem(code, JSON.parse(json).requestId));
    }
  });

  it('reason.ok: every catalog status has a reason phrase', () => {
    for (const code of errorCodes) expect(statusReason(catalog[code].status), code).not.toBe('');
  });

  it('index.ok: links every code page once, in catalog order', () => {
    const index = renderErrorIndex();
    const links = [...index.matchAll(/\]\(([a-z0-9_]+\.md)\)/g)].map((m) => m[1]);
    expect(links).toEqual(errorCodes.map(errorPageFileName));
  });

  it('deterministic.ok: rendering twice gives the same text', () => {
    expect(renderErrorDocs()).toEqual(renderErrorDocs());
  });
});
