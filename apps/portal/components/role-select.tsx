'use client';

import type { Role } from '@/lib/console-types';
import { problemLine } from '@/lib/problem-message';
import { useAction } from './use-action';

/** A member's role, changed as soon as another is picked; a refusal keeps the old role and says why. */
export function RoleSelect({
  label,
  value,
  choices,
  onChange,
}: {
  label: string;
  value: Role;
  choices: Role[];
  onChange: (role: Role) => Promise<void>;
}) {
  const { pending, error, run } = useAction();
  const options = choices.includes(value) ? choices : [value, ...choices];

  return (
    <span className="inline-flex flex-col gap-1">
      <select
        aria-label={label}
        value={value}
        disabled={pending}
        onChange={(event) => void run(() => onChange(event.target.value as Role))}
        className="rounded-md border border-slate-300 bg-white px-2 py-1"
      >
        {options.map((role) => (
          <option key={role} value={role}>
            {role}
          </option>
        ))}
      </select>
      {error ? (
        <span role="alert" className="text-xs text-red-700">
          {problemLine(error)}
        </span>
      ) : null}
    </span>
  );
}
