import { useAppStore } from "../store/use-app-store.js";

/** The server's own message for a failed action, next to the control that caused it. */
export function InlineError({ actionKey }: { actionKey: string }) {
  const message = useAppStore((s) => s.errors[actionKey]);
  const clearError = useAppStore((s) => s.clearError);
  if (!message) return null;
  return (
    <div className="inline-error" role="alert">
      <span>{message}</span>
      <button type="button" className="link-button" onClick={() => clearError(actionKey)} aria-label="Dismiss error">
        ×
      </button>
    </div>
  );
}
