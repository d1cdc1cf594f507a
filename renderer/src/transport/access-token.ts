/**
 * The headless host prints its URL as `http://host:port/#token=…`. The fragment never reaches the
 * server or its logs; we move it into sessionStorage (this tab only) and out of the address bar so
 * it does not end up in screenshots, bookmarks or the history.
 */
const STORAGE_KEY = "ragents.token";

export function takeAccessToken(location: Location, history: History, storage: Storage): string | null {
  const fromHash = new URLSearchParams(location.hash.replace(/^#/, "")).get("token");
  if (fromHash) {
    storage.setItem(STORAGE_KEY, fromHash);
    history.replaceState(null, "", location.pathname + location.search);
    return fromHash;
  }
  return storage.getItem(STORAGE_KEY);
}
