/** Class names the console's forms share, so every field and button looks and focuses alike. */
export const fieldClass =
  'mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-200';
export const labelClass = 'block text-sm font-medium text-slate-700';
export const hintClass = 'mt-1 text-xs text-slate-500';
export const primaryButtonClass =
  'rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700 disabled:opacity-60';
export const secondaryButtonClass =
  'rounded-md border border-slate-300 px-4 py-2 hover:bg-slate-50 disabled:opacity-60';
export const panelClass = 'rounded-lg border border-slate-200 bg-white p-5';
export const tableClass = 'min-w-full divide-y divide-slate-200 text-sm';
export const headCellClass = 'px-4 py-2 text-left font-medium';
export const cellClass = 'px-4 py-2 align-top';
