'use client';

import { useCallback, useState } from 'react';
import { consoleApi } from '@/lib/console-api';
import { can } from '@/lib/console-permissions';
import type { GatewayServing, PublishedRelease, Release } from '@/lib/console-types';
import { formatDate } from '@/lib/format-date';
import { ConsoleProblemAlert } from './console-problem-alert';
import { DataTable } from './data-table';
import { DryRunPanel } from './dry-run-panel';
import { cellClass, panelClass } from './form-styles';
import { PageSection } from './page-section';
import { PendingRelease } from './pending-release';
import { ReleaseChanges } from './release-changes';
import { RollbackAction } from './rollback-action';
import { useSession } from './session-provider';
import { useLoaded } from './use-loaded';

/**
 * Config releases: the live version and what each gateway serves, the pending changes in words
 * with a dry run and the publish form, then the history with rollback.
 */
export function ReleasesView() {
  const { tenant } = useSession();
  const tenantId = tenant.tenantId;
  const releases = useLoaded(useCallback(() => consoleApi.listReleases(tenantId), [tenantId]));
  const gateways = useLoaded(useCallback(() => consoleApi.liveGateways(tenantId), [tenantId]));
  const publishes = can(tenant.role, 'releases.publish');
  const live = releases.data?.find((release) => release.live) ?? null;

  const [notice, setNotice] = useState<string | null>(null);
  const { reload: reloadReleases } = releases;
  const { reload: reloadGateways } = gateways;

  const onReleased = useCallback(
    (published: PublishedRelease) => {
      setNotice(`Version ${published.version} is live: the gateways load it within seconds.`);
      void reloadReleases();
      void reloadGateways();
    },
    [reloadReleases, reloadGateways],
  );

  return (
    <PageSection id="releases-title" title="Releases">
      {notice ? (
        <p role="status" className="rounded-md bg-emerald-50 px-4 py-3 text-sm text-emerald-800">
          {notice}
        </p>
      ) : null}
      <LiveVersion
        live={live}
        loaded={releases.data !== null}
        gateways={gateways.data}
        error={gateways.error}
      />
      {!can(tenant.role, 'releases.preview') ? (
        <p className="text-sm text-slate-600">
          You are a {tenant.role} here: owners, admins and developers preview and publish releases.
        </p>
      ) : releases.data || releases.error ? (
        // Remounted when the live version changes, so a preview or dry run is never of an older one.
        <>
          <PendingRelease key={`pending-${live?.version ?? 0}`} onPublished={onReleased} />
          <DryRunPanel key={`dry-run-${live?.version ?? 0}`} />
        </>
      ) : null}
      <h2 className="text-lg font-semibold">History</h2>
      <ConsoleProblemAlert error={releases.error} />
      {releases.data?.length === 0 ? <p className="text-slate-600">Nothing published yet.</p> : null}
      {releases.data && releases.data.length > 0 ? (
        <ReleaseHistory releases={releases.data} mayRollBack={publishes} onRolledBack={onReleased} />
      ) : null}
    </PageSection>
  );
}

function LiveVersion({
  live,
  loaded,
  gateways,
  error,
}: {
  live: Release | null;
  loaded: boolean;
  gateways: GatewayServing[] | null;
  error: unknown;
}) {
  return (
    <section aria-labelledby="live-title" className={`space-y-3 ${panelClass}`}>
      <h2 id="live-title" className="text-lg font-semibold">
        Live version
      </h2>
      <p data-testid="live-version">
        {live
          ? `Version ${live.version}, published ${formatDate(live.createdAt)} by ${live.publishedBy.name}: “${live.reason}”`
          : loaded
            ? 'No version published yet.'
            : 'Loading…'}
      </p>
      <ConsoleProblemAlert error={error} />
      {gateways?.length === 0 ? (
        <p className="text-sm text-slate-600">No gateway has reported in the last minutes.</p>
      ) : null}
      {gateways && gateways.length > 0 ? (
        <DataTable
          caption="Version each gateway serves"
          headings={['Gateway', 'Serves', 'Last heartbeat']}
          framed={false}
        >
          {gateways.map((gateway) => (
            <tr key={gateway.gatewayId}>
              <td className={`${cellClass} font-mono`}>{gateway.gatewayId}</td>
              <td className={cellClass}>
                {gateway.version === null ? 'nothing loaded' : `version ${gateway.version}`}
                {live && gateway.version !== null && gateway.version < live.version ? (
                  <span className="ml-2 rounded-full bg-amber-50 px-2 py-0.5 text-xs text-amber-800">
                    behind
                  </span>
                ) : null}
              </td>
              <td className={`${cellClass} text-slate-600`}>{formatDate(gateway.seenAt)}</td>
            </tr>
          ))}
        </DataTable>
      ) : null}
    </section>
  );
}

const kindLabel: Record<Release['kind'], string> = {
  auto: 'automatic',
  manual: 'published',
  rollback: 'rollback',
};

function ReleaseHistory({
  releases,
  mayRollBack,
  onRolledBack,
}: {
  releases: Release[];
  mayRollBack: boolean;
  onRolledBack: (published: PublishedRelease) => void;
}) {
  return (
    <DataTable
      caption="Published versions, newest first"
      headings={['Version', 'Kind', 'By', 'Reason', 'When', 'Changes']}
      actions
    >
      {releases.map((release) => (
        <tr key={release.version} data-testid="release-row">
          <td className={`${cellClass} font-medium tabular-nums`}>
            {release.version}
            {release.live ? (
              <span className="ml-2 rounded-full bg-emerald-50 px-2 py-0.5 text-xs text-emerald-700">
                live
              </span>
            ) : null}
          </td>
          <td className={cellClass}>
            {kindLabel[release.kind]}
            {release.rollbackOf === null ? null : ` of ${release.rollbackOf}`}
          </td>
          <td className={cellClass}>{release.publishedBy.name}</td>
          <td className={cellClass}>{release.reason}</td>
          <td className={`${cellClass} whitespace-nowrap text-slate-600`}>{formatDate(release.createdAt)}</td>
          <td className={cellClass}>
            {release.changes.length === 0 ? (
              <span className="text-slate-500">none</span>
            ) : (
              <details>
                <summary className="cursor-pointer">
                  {release.changes.length} change{release.changes.length === 1 ? '' : 's'}
                </summary>
                <div className="mt-1">
                  <ReleaseChanges changes={release.changes} empty="" />
                </div>
              </details>
            )}
          </td>
          <td className={`${cellClass} text-right`}>
            {mayRollBack && !release.live ? <RollbackAction release={release} onDone={onRolledBack} /> : null}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
