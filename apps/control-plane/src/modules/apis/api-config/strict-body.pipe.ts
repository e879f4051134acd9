import type { z } from 'zod';
import { type FieldError, parseInput, validationFailed, ZodPipe } from '../../../common/validation.js';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Keys of `input` that parsing dropped, as dotted paths. The policy schemas come from the
 * snapshot contract, whose nested objects strip unknown keys (old gateways must read new
 * snapshots); an input must refuse them instead, so a typo is an error, not a silent no-op.
 */
export function droppedFields(input: unknown, output: unknown, path: string[] = []): string[] {
  if (Array.isArray(input) && Array.isArray(output))
    return input.flatMap((item, i) => droppedFields(item, output[i], [...path, String(i)]));
  if (!isObject(input) || !isObject(output)) return [];
  return Object.entries(input).flatMap(([key, value]) =>
    key in output ? droppedFields(value, output[key], [...path, key]) : [[...path, key].join('.')],
  );
}

/** `ZodPipe` that also refuses unknown fields at any depth (see {@link droppedFields}). */
export class StrictBodyPipe<S extends z.ZodType> extends ZodPipe<S> {
  override transform(value: unknown): z.output<S> {
    const parsed = parseInput(this.schema, value);
    const unknown = droppedFields(value, parsed);
    if (unknown.length > 0)
      throw validationFailed(unknown.map((path): FieldError => ({ path, message: 'Unknown field' })));
    return parsed;
  }
}
