/**
 * The gateway's stages that can end a request with a denial, in the order the pipeline runs
 * them (apps/gateway/src/pipeline/pipeline.ts). A usage event's `denyStage` is one of these;
 * support tools draw a request's path through the stages from it.
 */
export const pipelineStages = [
  'receive',
  'resolve',
  'authenticate',
  'authorize',
  'limit',
  'transform',
  'proxy',
] as const;
export type StageName = (typeof pipelineStages)[number];

export function isStageName(value: string): value is StageName {
  return (pipelineStages as readonly string[]).includes(value);
}
