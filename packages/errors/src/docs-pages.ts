import { catalog, type ErrorCode, type ErrorLayer, errorCodes } from './catalog.js';
import { problemContentType, toProblem } from './problem.js';

/**
 * Renders `docs/errors/<code>.md` and `docs/errors/README.md` from the catalog, so the
 * pages cannot drift from the codes (a unit test compares them with the committed files).
 * Pure and deterministic: no dates, no random ids.
 */

/** File name of the index page in `docs/errors/`. */
export const errorIndexFileName = 'README.md';

export function errorPageFileName(code: ErrorCode): string {
  return `${code}.md`;
}

// A Record over the union: adding a layer to the catalog fails the build until it is described here.
const layerOwners: Record<ErrorLayer, string> = {
  receive: "the gateway's **receive** stage, before the request is matched to anything",
  resolve: "the gateway's **resolve** stage, which finds the tenant, API and route",
  authenticate: "the gateway's **authenticate** stage, which checks the API key",
  authorize: "the gateway's **authorize** stage, which checks what a valid key may do",
  limit: "the gateway's **limit** stage (rate limit, then monthly quota)",
  transform: "the gateway's **transform** stage",
  proxy: "the gateway's **proxy** stage, while calling the provider's service",
  'control-plane': 'the control plane API (console, portal and management calls)',
  platform: 'any part of the platform',
};

// Reason phrases for the example answer; the docs test checks every catalog status has one.
const reasons: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Content Too Large',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export function statusReason(status: number): string {
  return reasons[status] ?? '';
}

/** A Markdown table with padded columns, laid out as the repo's formatter (Biome) writes it. */
function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => row[i]?.length ?? 0)));
  const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)];
}

const exampleRequestId = 'req_01jd5x7k2m0000example0000';

export function renderErrorPage(code: ErrorCode): string {
  const entry = catalog[code];
  const example = toProblem(code, exampleRequestId);
  const reason = statusReason(entry.status);
  return [
    `# \`${code}\` — ${entry.title}`,
    '',
    ...table(['status', 'layer'], [[`${entry.status}${reason ? ` ${reason}` : ''}`, `\`${entry.layer}\``]]),
    '',
    entry.description,
    '',
    '## Who answers with it',
    '',
    `Raised by ${layerOwners[entry.layer]}. The log line of the request carries the same \`code\` and \`requestId\`.`,
    '',
    '## Example answer',
    '',
    '```http',
    `HTTP/1.1 ${entry.status}${reason ? ` ${reason}` : ''}`,
    `Content-Type: ${problemContentType}`,
    '',
    JSON.stringify(example, null, 2),
    '```',
    '',
    'Match on `code`, never on `title` or `detail`: codes are stable and never reused, wording may change.',
    '',
    '[All error codes](README.md)',
    '',
  ].join('\n');
}

export function renderErrorIndex(): string {
  const rows = errorCodes.map((code) => {
    const entry = catalog[code];
    return [
      `[\`${code}\`](${errorPageFileName(code)})`,
      String(entry.status),
      `\`${entry.layer}\``,
      entry.title,
    ];
  });
  return [
    '# Error codes',
    '',
    `Every error answer from Tollgate is \`${problemContentType}\` (RFC 9457) with a stable \`code\`,`,
    'the `requestId` to give support, and the `layer` that refused the request.',
    '',
    '<!-- Generated from packages/errors/src/catalog.ts by `npm run docs -w @tollgate/errors`. Do not edit. -->',
    '',
    ...table(['code', 'status', 'layer', 'title'], rows),
    '',
  ].join('\n');
}

/** Every file of `docs/errors/`: name → content. */
export function renderErrorDocs(): Map<string, string> {
  const files = new Map<string, string>([[errorIndexFileName, renderErrorIndex()]]);
  for (const code of errorCodes) files.set(errorPageFileName(code), renderErrorPage(code));
  return files;
}
