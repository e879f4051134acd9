import { type PipeTransform } from '@nestjs/common';
import { TollgateError } from '@tollgate/errors';
import type { z } from 'zod';

export interface FieldError {
  /** Dotted path of the field in the input (`rateLimit.limit`); empty for the input itself. */
  path: string;
  message: string;
}

/** One entry per problem; an unknown field is named by its own path. */
export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.flatMap((issue) => {
    const base = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: [...base, key].join('.'), message: 'Unknown field' }));
    }
    return [{ path: base.join('.'), message: issue.message }];
  });
}

export function validationFailed(errors: FieldError[]): TollgateError {
  return new TollgateError('validation_failed', undefined, { errors });
}

/** Parses `value` with `schema`, or throws the catalog's `validation_failed` (422) listing every field. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationFailed(fieldErrors(result.error));
  return result.data;
}

/** `@Body(new ZodPipe(schema))`, `@Query(new ZodPipe(schema))`: schemas are strict, so unknown fields are refused. */
export class ZodPipe<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  /** Public so the OpenAPI document can read each route's input schema. */
  constructor(readonly schema: S) {}

  transform(value: unknown): z.output<S> {
    return parseInput(this.schema, value);
  }
}
