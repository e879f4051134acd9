/** The plan's shape as the control plane answers it (`POST …/config/plan`). */
export interface ConfigPlan {
  liveVersion: number | null;
  changes: Array<{
    action: 'create' | 'update' | 'delete';
    summary: string;
    fields: Array<{ path: string; before: unknown; after: unknown }>;
  }>;
  release: {
    changes: Array<{ summary: string }>;
    problems: Array<{ severity: string; message: string; path?: string }>;
    publishable: boolean;
  } | null;
}

const marks = { create: '+', update: '~', delete: '-' } as const;

const value = (v: unknown) => (v === undefined ? 'none' : JSON.stringify(v));

/** The plan in lines a reviewer reads: resources (with each field), then what callers will notice. */
export function formatPlan(plan: ConfigPlan): string {
  if (plan.changes.length === 0) return 'No changes. The live config already matches the file.';
  const lines = [`Against live version ${plan.liveVersion ?? 'none'}:`, ''];
  for (const change of plan.changes) {
    lines.push(`  ${marks[change.action]} ${change.summary}`);
    for (const field of change.fields)
      lines.push(`      ${field.path}: ${value(field.before)} → ${value(field.after)}`);
  }
  const counts = (['create', 'update', 'delete'] as const).map(
    (action) => `${plan.changes.filter((c) => c.action === action).length} to ${action}`,
  );
  lines.push('', `Plan: ${counts.join(', ')}.`);
  if (plan.release) {
    lines.push('', 'What the release changes for callers:');
    if (plan.release.changes.length === 0) lines.push('  (nothing the gateways serve)');
    for (const change of plan.release.changes) lines.push(`  • ${change.summary}`);
    for (const problem of plan.release.problems)
      lines.push(
        `  ${problem.severity === 'error' ? '✗' : '!'} ${problem.message}${problem.path ? ` (${problem.path})` : ''}`,
      );
    if (!plan.release.publishable) lines.push('', 'The release checks refuse this config: apply would fail.');
  }
  return lines.join('\n');
}
