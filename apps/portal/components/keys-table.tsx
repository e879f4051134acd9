import type { ReactNode } from 'react';
import type { KeyEnvironment } from '@/lib/api-types';
import { DataTable } from './data-table';
import { wideOnlyClass } from './form-styles';

interface ListedKey {
  id: string;
  name: string;
  prefix: string;
  environment: KeyEnvironment;
  createdAt: string;
}

export interface KeyBadge {
  label: string;
  className: string;
}

/**
 * API keys by prefix (a key is shown in full once, when made), for the console (a tenant's keys)
 * and the developer portal (the developer's own): each surface says how a key's state reads and
 * which actions it offers.
 */
export function KeysTable<K extends ListedKey>({
  keys,
  caption,
  compact = false,
  created,
  badge,
  actions,
}: {
  keys: K[];
  caption: string;
  /** Leaves environment and creation time out on narrow screens (the prefix shows live or test). */
  compact?: boolean;
  created: (key: K) => string;
  badge: (key: K) => KeyBadge;
  actions: (key: K) => ReactNode;
}) {
  if (keys.length === 0) return <p className="text-slate-600">No keys yet. Create one to call the API.</p>;
  const narrow = compact ? ` whitespace-nowrap` : '';
  const wide = compact ? ` ${wideOnlyClass}` : '';
  return (
    <DataTable
      caption={caption}
      headings={['Name', 'Prefix', 'Environment', 'Status', 'Created']}
      wideOnly={compact ? ['Environment', 'Created'] : []}
      actions
    >
      {keys.map((key) => {
        const { label, className } = badge(key);
        return (
          <tr key={key.id} data-testid="key-row" data-key-prefix={key.prefix}>
            <td className="px-4 py-2 font-medium">{key.name}</td>
            <td className={`px-4 py-2 font-mono${narrow}`}>{key.prefix}</td>
            <td className={`px-4 py-2${wide}`}>{key.environment}</td>
            <td className="px-4 py-2">
              <span
                data-testid="key-status"
                className={`rounded-full px-2 py-0.5 text-xs font-medium ${className}`}
              >
                {label}
              </span>
            </td>
            <td className={`px-4 py-2 text-slate-600${narrow}${wide}`}>{created(key)}</td>
            <td className="px-4 py-2 text-right">{actions(key)}</td>
          </tr>
        );
      })}
    </DataTable>
  );
}
