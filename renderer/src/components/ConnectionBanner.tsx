import { useAppStore } from "../store/use-app-store.js";

/** Says plainly when the host cannot be reached or refused us, instead of leaving a frozen view. */
export function ConnectionBanner() {
  const connection = useAppStore((s) => s.connection);
  if (connection === "open") return null;
  if (connection === "unauthorized") {
    return (
      <div className="banner banner-error" role="alert">
        This page needs its access token. Open the URL that <code>ragents serve</code> printed (it ends with <code>#token=…</code>).
      </div>
    );
  }
  return (
    <div className="banner" role="status">
      Connecting to the rAgents host…
    </div>
  );
}
