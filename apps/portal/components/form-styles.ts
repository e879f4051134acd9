/** Class names the console's and the developer portal's forms share, so every field and button looks and focuses alike. */
export const fieldClass =
  'mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-200';
export const labelClass = 'block text-sm font-medium text-slate-700';
export const hintClass = 'mt-1 text-xs text-slate-500';
export const primaryButtonClass =
  'rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700 disabled:opacity-60';
export const secondaryButtonClass =
  'rounded-md border border-slate-300 px-4 py-2 hover:bg-slate-50 disabled:opacity-60';
/** The small buttons of a table row or a page header. */
export const smallButtonClass =
  'rounded-md border border-slate-300 bg-white px-3 py-1 text-sm hover:bg-slate-50';
export const quietButtonClass =
  'rounded-md border border-slate-300 px-3 py-1 hover:bg-slate-50 disabled:opacity-60';
/** A destructive action before its confirmation ("Revoke"), and the confirmation itself. */
export const dangerOutlineButtonClass =
  'rounded-md border border-red-300 px-3 py-1 text-red-700 hover:bg-red-50';
export const dangerButtonClass =
  'rounded-md bg-red-600 px-3 py-1 text-white hover:bg-red-700 disabled:opacity-60';
export const confirmButtonClass =
  'rounded-md bg-indigo-600 px-3 py-1 text-white hover:bg-indigo-700 disabled:opacity-60';
export const panelClass = 'rounded-lg border border-slate-200 bg-white p-5';
export const tableClass = 'min-w-full divide-y divide-slate-200 text-sm';
export const headCellClass = 'px-4 py-2 text-left font-medium';
export const cellClass = 'px-4 py-2 align-top';
/** A table column left out on narrow screens. */
export const wideOnlyClass = 'hidden md:table-cell';
