import type { ViewName } from "../store/ui-slice.js";
import { useAppStore } from "../store/use-app-store.js";

const VIEWS: Array<{ name: ViewName; label: string }> = [
  { name: "fleet", label: "Fleet" },
  { name: "settings", label: "Settings" },
];

export function NavBar() {
  const view = useAppStore((s) => s.view);
  const setView = useAppStore((s) => s.setView);
  return (
    <nav className="nav" aria-label="Main">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <div className="brand" aria-label="rAgents">
        <span className="brand-mark" aria-hidden="true">
          r
        </span>
        Agents
      </div>
      <ul>
        {VIEWS.map((v) => (
          <li key={v.name}>
            <button type="button" className="nav-item" aria-current={view === v.name ? "page" : undefined} onClick={() => setView(v.name)}>
              {v.label}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
