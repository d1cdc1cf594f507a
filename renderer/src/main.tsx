import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App.js";
import { createAppStore } from "./store/app-state.js";
import { StoreContext } from "./store/use-app-store.js";
import { wireEvents } from "./store/wire-events.js";
import { connectClient } from "./transport/connect-client.js";
import "./styles/base.css";
import "./styles/fleet.css";

// Start-up order matters: the transport first, then the store, then the one subscription
// point, and only then React, so no component ever subscribes to the host itself.
const { client, connection } = connectClient();
const store = createAppStore(client, connection.status);
wireEvents(client, connection, store);

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root");
createRoot(root).render(
  <StrictMode>
    <StoreContext.Provider value={store}>
      <App />
    </StoreContext.Provider>
  </StrictMode>,
);
