'use client';

import { type FormEvent, useState } from 'react';
import { consoleApi } from '@/lib/console-api';
import { grantableRoles } from '@/lib/console-permissions';
import type { Invitation, Role } from '@/lib/console-types';
import { ConsoleProblemAlert } from './console-problem-alert';
import { fieldClass, labelClass, panelClass, primaryButtonClass } from './form-styles';
import { useSession } from './session-provider';
import { useAction } from './use-action';

/** Invite by email and role; the invitation mail carries the link to accept it. */
export function InviteForm({ onInvited }: { onInvited: (invitation: Invitation) => void }) {
  const { tenant } = useSession();
  const { pending, error, run } = useAction();
  const [sentTo, setSentTo] = useState<string | null>(null);
  const choices = grantableRoles(tenant.role);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    setSentTo(null);
    await run(async () => {
      const invitation = await consoleApi.invite(tenant.tenantId, {
        email: String(form.get('email') ?? '').trim(),
        role: String(form.get('role') ?? 'developer') as Role,
      });
      onInvited(invitation);
      setSentTo(invitation.email);
      formElement.reset();
    });
  }

  return (
    <form onSubmit={onSubmit} aria-labelledby="invite-title" className={`space-y-4 ${panelClass}`}>
      <h2 id="invite-title" className="text-lg font-semibold">
        Invite a member
      </h2>
      <ConsoleProblemAlert error={error} />
      {sentTo ? (
        <p role="status" className="text-sm text-emerald-800">
          Invitation sent to {sentTo}. The link in the mail works for 7 days.
        </p>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-[2fr_1fr_auto] sm:items-end">
        <div>
          <label htmlFor="invite-email" className={labelClass}>
            Email
          </label>
          <input
            id="invite-email"
            name="email"
            type="email"
            required
            maxLength={254}
            className={fieldClass}
          />
        </div>
        <div>
          <label htmlFor="invite-role" className={labelClass}>
            Role
          </label>
          <select id="invite-role" name="role" defaultValue="developer" className={fieldClass}>
            {choices.map((role) => (
              <option key={role} value={role}>
                {role}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" disabled={pending} className={primaryButtonClass}>
          {pending ? 'Sending…' : 'Send invitation'}
        </button>
      </div>
    </form>
  );
}
