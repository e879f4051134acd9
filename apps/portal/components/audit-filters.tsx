'use client';

import type { FormEvent } from 'react';
import { type AuditFilterInput, emptyAuditFilter } from '@/lib/audit-query';
import { fieldClass, labelClass, primaryButtonClass, secondaryButtonClass } from './form-styles';

const textFields = [
  { name: 'action', label: 'Action', placeholder: 'key.revoked' },
  { name: 'actorId', label: 'Actor id', placeholder: 'usr_…' },
  { name: 'targetType', label: 'Target type', placeholder: 'key, plan, membership…' },
  { name: 'targetId', label: 'Target id', placeholder: 'key_…' },
] as const;

/** The audit log's filters; applied on submit, so typing does not query on every key. */
export function AuditFilters({
  value,
  actions,
  onApply,
}: {
  value: AuditFilterInput;
  /** Actions seen so far, offered as suggestions for the action field. */
  actions: string[];
  onApply: (filter: AuditFilterInput) => void;
}) {
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const read = (name: keyof AuditFilterInput) => String(form.get(name) ?? '');
    onApply({
      action: read('action'),
      actorId: read('actorId'),
      targetType: read('targetType'),
      targetId: read('targetId'),
      from: read('from'),
      to: read('to'),
    });
  }

  return (
    <form
      onSubmit={onSubmit}
      // A new key per applied filter resets the fields when "Clear" empties it.
      key={JSON.stringify(value)}
      aria-label="Filter the audit log"
      className="grid gap-4 rounded-lg border border-slate-200 bg-white p-5 sm:grid-cols-3"
    >
      {textFields.map((field) => (
        <div key={field.name}>
          <label htmlFor={`audit-${field.name}`} className={labelClass}>
            {field.label}
          </label>
          <input
            id={`audit-${field.name}`}
            name={field.name}
            defaultValue={value[field.name]}
            placeholder={field.placeholder}
            maxLength={128}
            list={field.name === 'action' ? 'audit-actions' : undefined}
            className={fieldClass}
          />
        </div>
      ))}
      <datalist id="audit-actions">
        {actions.map((action) => (
          <option key={action} value={action} />
        ))}
      </datalist>
      <div>
        <label htmlFor="audit-from" className={labelClass}>
          From (your time)
        </label>
        <input
          id="audit-from"
          name="from"
          type="datetime-local"
          defaultValue={value.from}
          className={fieldClass}
        />
      </div>
      <div>
        <label htmlFor="audit-to" className={labelClass}>
          Until (your time)
        </label>
        <input id="audit-to" name="to" type="datetime-local" defaultValue={value.to} className={fieldClass} />
      </div>
      <div className="flex items-end gap-3 sm:col-span-3">
        <button type="submit" className={primaryButtonClass}>
          Apply filters
        </button>
        <button type="button" onClick={() => onApply(emptyAuditFilter)} className={secondaryButtonClass}>
          Clear
        </button>
      </div>
    </form>
  );
}
