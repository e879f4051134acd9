import { smallButtonClass } from './form-styles';

/** Loads the page's data again now. */
export function RefreshButton({ onRefresh }: { onRefresh: () => Promise<void> }) {
  return (
    <button type="button" onClick={() => void onRefresh()} className={smallButtonClass}>
      Refresh
    </button>
  );
}
