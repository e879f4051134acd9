import { resolveTxt } from 'node:dns/promises';
import { Injectable } from '@nestjs/common';

/**
 * Looks up the TXT records at a name, each record as its character strings (`node:dns`'s
 * shape), through the system's DNS resolver. An injectable of its own so tests replace the
 * lookup on the app's instance (`vi.spyOn(app.get(TxtResolver), 'resolveTxt')`) and verify
 * domains without real DNS.
 */
@Injectable()
export class TxtResolver {
  resolveTxt(name: string): Promise<string[][]> {
    return resolveTxt(name);
  }
}

/** `node:dns` codes meaning "no such record" (as opposed to a failed lookup). */
const noRecordCodes = new Set(['ENODATA', 'ENOTFOUND', 'NXDOMAIN']);

export type ChallengeOutcome =
  | { ok: true }
  | { ok: false; reason: 'record_missing' | 'record_mismatch' | 'lookup_failed'; detail: string };

/** Whether a TXT record at `name` holds exactly `expected` (long records come split in strings: they are joined). */
export async function checkChallenge(
  resolver: TxtResolver,
  name: string,
  expected: string,
): Promise<ChallengeOutcome> {
  let records: string[][];
  try {
    records = await resolver.resolveTxt(name);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && noRecordCodes.has(code)) records = [];
    else
      return {
        ok: false,
        reason: 'lookup_failed',
        detail: `The DNS lookup of ${name} failed (${typeof code === 'string' ? code : 'error'}). Try again shortly.`,
      };
  }
  const values = records.map((chunks) => chunks.join(''));
  if (values.includes(expected)) return { ok: true };
  if (values.length === 0)
    return { ok: false, reason: 'record_missing', detail: `No TXT record was found at ${name}.` };
  return {
    ok: false,
    reason: 'record_mismatch',
    detail: `The TXT records at ${name} do not hold the expected value.`,
  };
}
