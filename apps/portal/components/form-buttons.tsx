import { primaryButtonClass, secondaryButtonClass } from './form-styles';

/** A create form's buttons: submit (`label`) and cancel. */
export function FormButtons({
  label,
  disabled,
  onCancel,
}: {
  label: string;
  disabled: boolean;
  onCancel: () => void;
}) {
  return (
    <div className="flex flex-wrap gap-3">
      <button type="submit" disabled={disabled} className={primaryButtonClass}>
        {label}
      </button>
      <button type="button" onClick={onCancel} className={secondaryButtonClass}>
        Cancel
      </button>
    </div>
  );
}
