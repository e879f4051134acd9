import { randomBytes } from 'node:crypto';

let counter = 0;

/** A short suffix unique within the process and, thanks to the random part, across workers. */
export function uniqueSuffix(): string {
  counter += 1;
  return `${counter.toString(36)}${randomBytes(3).toString('hex')}`;
}
