import { describe, expect, it } from 'vitest';
import { nextTraceparent } from './traceparent.js';

const shape = /^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

describe('nextTraceparent', () => {
  it('keeps a valid incoming trace id and flags, with a new parent id', () => {
    const incoming = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const next = nextTraceparent(incoming);
    expect(next).toMatch(shape);
    expect(next.slice(0, 36)).toBe('00-4bf92f3577b34da6a3ce929d0e0e4736-');
    expect(next.slice(36, 52)).not.toBe('00f067aa0ba902b7');
    expect(next.endsWith('-01')).toBe(true);
  });

  it.each([
    ['missing', ''],
    ['garbage', 'hello'],
    ['upper case', '00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01'],
    ['an all-zero trace id', '00-00000000000000000000000000000000-00f067aa0ba902b7-01'],
    ['an all-zero parent id', '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01'],
    ['version ff', 'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'],
    ['version 00 with extra fields', '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-xyz'],
  ])('starts a new sampled trace when the incoming one is %s', (_name, incoming) => {
    const next = nextTraceparent(incoming);
    expect(next).toMatch(shape);
    expect(next.slice(3, 35)).not.toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(next.endsWith('-01')).toBe(true);
  });

  it('accepts a future version with extra fields, answering as version 00', () => {
    const next = nextTraceparent('01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00-extra');
    expect(next.slice(0, 36)).toBe('00-4bf92f3577b34da6a3ce929d0e0e4736-');
    expect(next.endsWith('-00')).toBe(true);
  });

  it('never repeats an id', () => {
    const ids = new Set(Array.from({ length: 2_000 }, () => nextTraceparent('')));
    expect(ids.size).toBe(2_000);
  });
});
