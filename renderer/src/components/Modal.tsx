import { useEffect, useRef, type ReactNode } from "react";

/**
 * A native modal <dialog>: the browser traps focus, Esc closes it, and the page behind is inert,
 * which is what keyboard users need and what hand-rolled overlays tend to get wrong.
 */
export function Modal({ open, onClose, labelledBy, children }: { open: boolean; onClose: () => void; labelledBy: string; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} className="modal" aria-labelledby={labelledBy} onClose={onClose}>
      {open && children}
    </dialog>
  );
}
