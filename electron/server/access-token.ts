/**
 * The headless host's access token: random, stored 0600 in the data folder and reused, so a
 * bookmarked URL keeps working across restarts while nobody else on the machine can read it.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { chmod, mkdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";

export const TOKEN_FILE = "host-token";
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** Reads the token from `dataDir`, or makes one (256 bits, base64url) when absent or malformed. */
export async function loadOrCreateToken(dataDir: string): Promise<string> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const file = join(dataDir, TOKEN_FILE);
  const existing = await readExisting(file);
  if (existing) {
    // An older copy or a hand edit may have loosened the mode; the token is only as safe as the file.
    if (((await stat(file)).mode & 0o077) !== 0) await chmod(file, 0o600);
    return existing;
  }
  const token = randomBytes(32).toString("base64url");
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, `${token}\n`, { mode: 0o600 });
  await rename(temp, file);
  return token;
}

async function readExisting(file: string): Promise<string | null> {
  try {
    const text = (await readFile(file, "utf8")).trim();
    return TOKEN_PATTERN.test(text) ? text : null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

/** Constant-time comparison; hashing first makes the lengths equal so length does not leak either. */
export function tokenMatches(expected: string, candidate: string | null | undefined): boolean {
  if (!candidate) return false;
  const a = createHash("sha256").update(expected).digest();
  const b = createHash("sha256").update(candidate).digest();
  return timingSafeEqual(a, b);
}

/** The token a request carries: `Authorization: Bearer …` or, for the WebSocket, `?token=`. */
export function tokenFromRequest(headers: { authorization?: string | undefined }, url: URL): string | null {
  const auth = headers.authorization;
  if (auth?.startsWith("Bearer ")) return auth.slice("Bearer ".length).trim();
  return url.searchParams.get("token");
}
