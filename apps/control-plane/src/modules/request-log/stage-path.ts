import { isStageName, pipelineStages, type StageName } from '@tollgate/contracts';
import { catalog, type ErrorCode } from '@tollgate/errors';

export interface StageStep {
  stage: StageName;
  outcome: 'passed' | 'denied';
}

export interface StagePath {
  steps: StageStep[];
  /** `receive → resolve → authenticate ✗ invalid_key`, or `… → proxy ✓ 200`. */
  text: string;
}

/** The catalog entry of a recorded deny code, or null for a code this build does not know. */
export function catalogEntryOf(code: string): (typeof catalog)[ErrorCode] | null {
  return Object.hasOwn(catalog, code) ? catalog[code as ErrorCode] : null;
}

/**
 * The stage a denial happened at: the recorded one, else (events from gateways that did not
 * record it) the layer the catalog gives the code, when that layer is a pipeline stage.
 */
export function denyStageOf(denyCode: string, recordedStage: string | null): StageName | null {
  if (recordedStage !== null && isStageName(recordedStage)) return recordedStage;
  const layer = catalogEntryOf(denyCode)?.layer;
  return layer !== undefined && isStageName(layer) ? layer : null;
}

/**
 * A request's way through the gateway's stages (their order comes from @tollgate/contracts,
 * the list the gateway's pipeline follows): every stage passed up to the one that denied it,
 * or all of them for an admitted request.
 */
export function stagePath(status: number, denyCode: string | null, denyStage: StageName | null): StagePath {
  if (denyCode === null) {
    const steps = pipelineStages.map((stage) => ({ stage, outcome: 'passed' as const }));
    return { steps, text: `${pipelineStages.join(' → ')} ✓ ${status}` };
  }
  if (denyStage === null) return { steps: [], text: `✗ ${denyCode}` };
  const end = pipelineStages.indexOf(denyStage);
  const steps: StageStep[] = pipelineStages.slice(0, end + 1).map((stage, i) => ({
    stage,
    outcome: i === end ? 'denied' : 'passed',
  }));
  return { steps, text: `${steps.map((s) => s.stage).join(' → ')} ✗ ${denyCode}` };
}
