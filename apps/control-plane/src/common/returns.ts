import { SetMetadata } from '@nestjs/common';
import { z } from 'zod';

export const returnsKey = 'tollgate:returns';

/** A handler's success answer, as `@Returns` declares it (read by the OpenAPI document and the tests' contract check). */
export interface DeclaredResponse {
  /** Content type → schema of the body; empty for an answer without a body (204, a bare 202). */
  content: Record<string, z.ZodType>;
  /** `input`: the body is a document the API also takes back, so it is described as a request body is (defaults optional). */
  io: 'input' | 'output';
}

/**
 * The success answer of a handler, from the module's zod output schemas: a schema (JSON), a map
 * of content type → schema (CSV or NDJSON files, or JSON with a CSV alternative), or null for
 * no body. The status is the route's own (`@HttpCode`, else 201 for POST and 200 otherwise).
 */
export function Returns(
  body: z.ZodType | Record<string, z.ZodType> | null,
  options: { io?: 'input' } = {},
): MethodDecorator {
  const content = body === null ? {} : body instanceof z.ZodType ? { 'application/json': body } : body;
  const declared: DeclaredResponse = { content, io: options.io ?? 'output' };
  return SetMetadata(returnsKey, declared);
}

/** The envelope of one object: `{ data: X }`. */
export const dataOf = <S extends z.ZodType>(schema: S) => z.object({ data: schema });

/** The envelope of a list: `{ data: X[] }`. */
export const listOf = <S extends z.ZodType>(schema: S) => z.object({ data: z.array(schema) });
