import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type Answer, responseViolations } from '../../../test/response-contract.js';
import { type DeclaredResponse, dataOf } from '../../common/returns.js';

const item = z.object({ id: z.string(), count: z.int(), note: z.string().nullable() });
const json = (content: DeclaredResponse['content']) => ({
  successStatus: 200,
  response: { content, io: 'output' as const },
});
const route = json({ 'application/json': dataOf(item), 'text/csv': z.string() });
const answer = (body: unknown, overrides: Partial<Answer> = {}): Answer => ({
  status: 200,
  contentType: 'application/json; charset=utf-8',
  body: JSON.stringify(body),
  ...overrides,
});

describe('responseViolations (the tests contract check of documented responses)', () => {
  it('response_contract.ok: an answer the schema describes exactly', () => {
    expect(responseViolations(route, answer({ data: { id: 'a', count: 1, note: null } }))).toEqual([]);
    expect(
      responseViolations(route, answer(undefined, { contentType: 'text/csv', body: 'a,b\r\n' })),
    ).toEqual([]);
  });

  it('response_contract.wrong_type: a field of another type or missing, by its path', () => {
    expect(responseViolations(route, answer({ data: { id: 'a', count: 1.5, note: null } }))).toEqual([
      expect.stringMatching(/^data\.count: /),
    ]);
    expect(responseViolations(route, answer({ data: { id: 'a', count: 1 } }))).toEqual([
      expect.stringMatching(/^data\.note: /),
    ]);
  });

  it('response_contract.undocumented_field: a field the schema does not name', () => {
    expect(
      responseViolations(route, answer({ data: { id: 'a', count: 1, note: null, secret: 'x' } })),
    ).toEqual(['data.secret: not in the documented schema']);
  });

  it('response_contract.status_and_type: another status, an undeclared content type, a body where none is documented', () => {
    const ok = { data: { id: 'a', count: 1, note: null } };
    expect(responseViolations(route, answer(ok, { status: 201 }))).toEqual(['answered 201, documented 200']);
    expect(responseViolations(route, answer(ok, { contentType: 'text/plain' }))).toEqual([
      'answered text/plain, documented application/json, text/csv',
    ]);
    const none = { successStatus: 204, response: { content: {}, io: 'output' as const } };
    expect(responseViolations(none, answer(undefined, { status: 204, body: '' }))).toEqual([]);
    expect(responseViolations(none, answer(ok, { status: 204 }))).toEqual([
      'answered a application/json, documented no body',
    ]);
    expect(responseViolations({ successStatus: 200, response: undefined }, answer(ok))).toEqual([
      'the route declares no @Returns',
    ]);
  });
});
