import { droppedFields } from '../src/modules/apis/api-config/strict-body.pipe.js';
import type { ControllerRoute } from '../src/modules/openapi/controller-routes.js';

export interface Answer {
  status: number;
  /** The `Content-Type` header as sent, parameters included. */
  contentType: string | undefined;
  /** The body as text; undefined when it is a stream (a file export), whose content type alone is checked. */
  body: string | undefined;
}

/**
 * What one success answer does differently from what its route documents (`@Returns` and the
 * route's status): another status or content type, a JSON body the declared schema refuses, or a
 * field the schema does not name (the document says `additionalProperties: false`). Empty: true.
 */
export function responseViolations(
  route: Pick<ControllerRoute, 'successStatus' | 'response'>,
  answer: Answer,
): string[] {
  if (route.response === undefined) return ['the route declares no @Returns'];
  const problems: string[] = [];
  if (answer.status !== route.successStatus)
    problems.push(`answered ${answer.status}, documented ${route.successStatus}`);
  const declared = route.response.content;
  const mediaType = answer.contentType?.split(';', 1)[0]?.trim().toLowerCase();
  if (Object.keys(declared).length === 0) {
    if (answer.body !== undefined && answer.body !== '')
      problems.push(`answered a ${mediaType ?? 'body'}, documented no body`);
    return problems;
  }
  const schema = mediaType === undefined ? undefined : declared[mediaType];
  if (schema === undefined) {
    problems.push(
      `answered ${mediaType ?? 'no content type'}, documented ${Object.keys(declared).join(', ')}`,
    );
    return problems;
  }
  if (mediaType !== 'application/json' || answer.body === undefined) return problems;
  const body: unknown = JSON.parse(answer.body);
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      problems.push(`${issue.path.join('.') || '(body)'}: ${issue.message}`);
    return problems;
  }
  for (const path of droppedFields(body, parsed.data)) problems.push(`${path}: not in the documented schema`);
  return problems;
}
