import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { AccessLog, jsonOrNull } from './access-log.js';
import { createLogger } from './logger.js';

function capture(level = 'info') {
  const lines: string[] = [];
  const logger = createLogger(level, { write: (line: string) => void lines.push(line) });
  return { lines, logger, access: new AccessLog(logger) };
}

describe('AccessLog', () => {
  it('writes the same line pino writes for the same fields', () => {
    const { lines, logger, access } = capture();
    const fields = { requestId: 'req_1', tenant: null, path: '/a"b\\c\u0001', status: 200, durationMs: 1.25 };
    logger.info(fields, 'request');
    access.write(
      'info',
      `,"requestId":${jsonOrNull(fields.requestId)},"tenant":${jsonOrNull(fields.tenant)},"path":${jsonOrNull(fields.path)},"status":200,"durationMs":1.25`,
    );
    const [fromPino, fromAccess] = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    // Same members in the same order (the time may differ by a millisecond).
    expect(Object.keys(fromAccess!)).toEqual(Object.keys(fromPino!));
    expect({ ...fromAccess, time: 0 }).toEqual({ ...fromPino, time: 0 });
    expect(lines[1]!.endsWith('}\n')).toBe(true);
  });

  it('uses the error level number for error lines', () => {
    const { lines, access } = capture();
    access.write('error', ',"status":502');
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: pino.levels.values.error,
      status: 502,
      msg: 'request',
    });
  });

  it('writes nothing below the logger level', () => {
    const { lines, access } = capture('warn');
    access.write('info', ',"status":200');
    expect(lines).toHaveLength(0);
  });
});
