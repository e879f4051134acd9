import type { ApiKey } from '@/lib/api-types';
import { formatDate } from '@/lib/format-date';
import { RevokeButton } from './revoke-button';

const statusClass: Record<string, string> = {
  active: 'bg-emerald-50 text-emerald-700',
  revoked: 'bg-slate-100 text-slate-600',
};

export function KeysTable({ keys, onRevoked }: { keys: ApiKey[]; onRevoked: (key: ApiKey) => void }) {
  if (keys.length === 0) return <p className="text-slate-600">No keys yet. Create one to call the API.</p>;
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="sr-only">API keys of this tenant</caption>
        <thead className="bg-slate-50 text-left text-slate-600">
          <tr>
            <th scope="col" className="px-4 py-2 font-medium">
              Name
            </th>
            <th scope="col" className="px-4 py-2 font-medium">
              Prefix
            </th>
            <th scope="col" className="px-4 py-2 font-medium">
              Environment
            </th>
            <th scope="col" className="px-4 py-2 font-medium">
              Status
            </th>
            <th scope="col" className="px-4 py-2 font-medium">
              Created
            </th>
            <th scope="col" className="px-4 py-2 font-medium">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {keys.map((key) => (
            <tr key={key.id} data-testid="key-row" data-key-prefix={key.prefix}>
              <td className="px-4 py-2 font-medium">{key.name}</td>
              <td className="px-4 py-2 font-mono">{key.prefix}</td>
              <td className="px-4 py-2">{key.environment}</td>
              <td className="px-4 py-2">
                <span
                  data-testid="key-status"
                  className={`rounded-full px-2 py-0.5 text-xs font-medium ${statusClass[key.status] ?? 'bg-amber-50 text-amber-700'}`}
                >
                  {key.status}
                </span>
              </td>
              <td className="px-4 py-2 text-slate-600">{formatDate(key.createdAt)}</td>
              <td className="px-4 py-2 text-right">
                {key.status === 'active' ? <RevokeButton apiKey={key} onRevoked={onRevoked} /> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
