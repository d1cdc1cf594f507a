import { Modal } from "../../components/Modal.js";
import { useAppStore } from "../../store/use-app-store.js";

/** Deleting cannot be undone, so it asks first and names the model and the endpoint. */
export function DeleteModelDialog() {
  const target = useAppStore((s) => s.deleteTarget);
  const askDelete = useAppStore((s) => s.askDelete);
  const deleteModel = useAppStore((s) => s.deleteModel);
  const endpointName = useAppStore((s) => s.endpoints.find((e) => e.id === target?.endpointId)?.name ?? target?.endpointId);
  const close = () => askDelete(null);

  async function confirm() {
    if (!target) return;
    close();
    // The outcome (or the server's refusal) shows on the model's row.
    await deleteModel(target);
  }

  return (
    <Modal open={target !== null} onClose={close} labelledBy="delete-title">
      <h2 id="delete-title">Delete {target?.model}?</h2>
      <p>
        This removes the model from <strong>{endpointName}</strong> and frees its disk space. It cannot be undone; you would have to pull it again.
      </p>
      <div className="form-actions">
        <button type="button" className="danger" onClick={() => void confirm()}>
          Delete
        </button>
        <button type="button" onClick={close} autoFocus>
          Cancel
        </button>
      </div>
    </Modal>
  );
}
