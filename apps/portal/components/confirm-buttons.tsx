import { confirmButtonClass, dangerButtonClass, quietButtonClass } from './form-styles';

/**
 * The two buttons of an inline confirmation: confirm (red when it destroys) and cancel, both
 * disabled while the action runs. Without `onConfirm` the confirm button submits its form.
 */
export function ConfirmButtons({
  label,
  onConfirm,
  onCancel,
  pending,
  tone = 'danger',
}: {
  label: string;
  onConfirm?: () => void;
  onCancel: () => void;
  pending: boolean;
  tone?: 'danger' | 'normal';
}) {
  return (
    <>
      <button
        type={onConfirm ? 'button' : 'submit'}
        onClick={onConfirm}
        disabled={pending}
        className={tone === 'danger' ? dangerButtonClass : confirmButtonClass}
      >
        {label}
      </button>
      <button type="button" onClick={onCancel} disabled={pending} className={quietButtonClass}>
        Cancel
      </button>
    </>
  );
}
