import { ConnectionBanner } from "./components/ConnectionBanner.js";
import { NavBar } from "./components/NavBar.js";
import { useAppStore } from "./store/use-app-store.js";
import { FleetView } from "./views/fleet/FleetView.js";
import { SettingsView } from "./views/settings/SettingsView.js";

/** The app frame: navigation on the side, the connection banner and the current view beside it. */
export function App() {
  const view = useAppStore((s) => s.view);
  return (
    <div className="app">
      <NavBar />
      <main className="app-main" id="main">
        <ConnectionBanner />
        {view === "fleet" ? <FleetView /> : <SettingsView />}
      </main>
    </div>
  );
}
