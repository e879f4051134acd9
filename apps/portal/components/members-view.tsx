'use client';

import { useCallback } from 'react';
import { consoleApi } from '@/lib/console-api';
import { can, grantableRoles } from '@/lib/console-permissions';
import type { Invitation, Member, Role } from '@/lib/console-types';
import { formatDate } from '@/lib/format-date';
import { ConfirmAction } from './confirm-action';
import { ConsoleProblemAlert } from './console-problem-alert';
import { DataTable } from './data-table';
import { cellClass } from './form-styles';
import { InviteForm } from './invite-form';
import { PageSection } from './page-section';
import { RoleSelect } from './role-select';
import { useSession } from './session-provider';
import { useLoaded } from './use-loaded';
import { WhenLoaded } from './when-loaded';

/**
 * Members and pending invitations. Owners and admins see the actions; other roles see the lists.
 * Hiding is a courtesy: the control plane answers 403 to a role that may not act.
 */
export function MembersView() {
  const { session, tenant } = useSession();
  const tenantId = tenant.tenantId;
  const members = useLoaded(useCallback(() => consoleApi.listMembers(tenantId), [tenantId]));
  const invitations = useLoaded(useCallback(() => consoleApi.listInvitations(tenantId), [tenantId]));
  const manages = can(tenant.role, 'members.write');
  const grantable = grantableRoles(tenant.role);
  /** Owners' rows are only for owners; one's own row is not changed from here. */
  const mayEdit = (member: Member) =>
    manages && member.userId !== session.user.id && (member.role !== 'owner' || grantable.includes('owner'));

  function replaceMember(changed: Member) {
    members.setData((list) => (list ?? []).map((member) => (member.id === changed.id ? changed : member)));
  }

  return (
    <PageSection id="members-title" title="Members">
      {manages ? (
        <InviteForm
          onInvited={(invitation) => invitations.setData((list) => [invitation, ...(list ?? [])])}
        />
      ) : (
        <p className="text-sm text-slate-600">
          You are a {tenant.role} here: owners and admins invite members and change roles.
        </p>
      )}

      <ConsoleProblemAlert error={members.error} />
      <WhenLoaded data={members.data} error={members.error} loading="Loading members…">
        {(list) => (
          <DataTable
            caption={`Members of ${tenant.tenantName}`}
            headings={['Name', 'Email', 'Role', 'Joined']}
            actions
          >
            {list.map((member) => (
              <tr key={member.id} data-testid="member-row">
                <td className={`${cellClass} font-medium`}>
                  {member.name}
                  {member.userId === session.user.id ? (
                    <span className="ml-2 text-xs text-slate-500">(you)</span>
                  ) : null}
                </td>
                <td className={cellClass}>{member.email}</td>
                <td className={cellClass}>
                  {mayEdit(member) ? (
                    <RoleSelect
                      label={`Role of ${member.email}`}
                      value={member.role}
                      choices={grantable}
                      onChange={async (role: Role) =>
                        replaceMember(await consoleApi.changeRole(tenantId, member.id, role))
                      }
                    />
                  ) : (
                    member.role
                  )}
                </td>
                <td className={`${cellClass} text-slate-600`}>{formatDate(member.createdAt)}</td>
                <td className={`${cellClass} text-right`}>
                  {mayEdit(member) ? (
                    <ConfirmAction
                      label="Remove"
                      ariaLabel={`Remove ${member.email}`}
                      question="Remove this member? They lose access to the tenant at once."
                      confirmLabel="Confirm remove"
                      onConfirm={async () => {
                        await consoleApi.removeMember(tenantId, member.id);
                        members.setData((list) => (list ?? []).filter((m) => m.id !== member.id));
                      }}
                    />
                  ) : null}
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </WhenLoaded>

      <h2 className="text-lg font-semibold">Pending invitations</h2>
      <ConsoleProblemAlert error={invitations.error} />
      {invitations.data?.length === 0 ? (
        <p className="text-sm text-slate-600">No pending invitations.</p>
      ) : null}
      {invitations.data && invitations.data.length > 0 ? (
        <InvitationsTable
          invitations={invitations.data}
          manages={manages}
          onRevoke={async (invitation) => {
            await consoleApi.revokeInvitation(tenantId, invitation.id);
            invitations.setData((list) => (list ?? []).filter((i) => i.id !== invitation.id));
          }}
        />
      ) : null}
    </PageSection>
  );
}

function InvitationsTable({
  invitations,
  manages,
  onRevoke,
}: {
  invitations: Invitation[];
  manages: boolean;
  onRevoke: (invitation: Invitation) => Promise<void>;
}) {
  return (
    <DataTable caption="Pending invitations" headings={['Email', 'Role', 'Sent', 'Expires']} actions>
      {invitations.map((invitation) => (
        <tr key={invitation.id} data-testid="invitation-row">
          <td className={`${cellClass} font-medium`}>{invitation.email}</td>
          <td className={cellClass}>{invitation.role}</td>
          <td className={`${cellClass} text-slate-600`}>{formatDate(invitation.createdAt)}</td>
          <td className={`${cellClass} text-slate-600`}>{formatDate(invitation.expiresAt)}</td>
          <td className={`${cellClass} text-right`}>
            {manages ? (
              <ConfirmAction
                label="Revoke"
                ariaLabel={`Revoke the invitation of ${invitation.email}`}
                question="Revoke this invitation? Its link stops working."
                confirmLabel="Confirm revoke"
                onConfirm={() => onRevoke(invitation)}
              />
            ) : null}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
