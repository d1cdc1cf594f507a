/**
 * Every contract channel refuses what it must refuse, with a message that names the field, and
 * accepts a well-formed request. A new channel without an example here fails the first test.
 */
import { describe, expect, it } from "vitest";
import { CHANNELS, LIMITS, parseRequest, type Channel } from "../../shared/contract/index.js";

const SHA = "a".repeat(64);

/** One valid request per channel. */
const VALID: Record<Channel, unknown> = {
  "fleet:list": {},
  "fleet:pull": { endpointId: "builtin", model: "team/coder:v2", url: "http://127.0.0.1:9/m.gguf", sha256: SHA },
  "fleet:pull-cancel": { pullId: "0b7c5d1e" },
  "fleet:delete": { endpointId: "local", model: "llama3:8b", confirm: true },
  "fleet:load-check": { endpointId: "local", model: "llama3" },
  "fleet:load": { endpointId: "local", model: "llama3", keepAlive: "5m" },
  "fleet:unload": { endpointId: "local", model: "llama3" },
  "fleet:unload-idle": {},
  "fleet:benchmark": { endpointId: "local", model: "llama3", maxTokens: 32 },
  "endpoints:add": { name: "Studio", url: "https://ollama.example.net/", token: "s3cret-token" },
  "endpoints:remove": { endpointId: "remote-abc123" },
  "settings:get": {},
  "settings:update": { ramBudgetBytes: 8 * 1024 ** 3, polling: { intervalMs: 1000 } },
  "system:snapshot": {},
};

function rejected(channel: string, payload: unknown): string {
  const result = parseRequest(channel, payload);
  if (result.ok) throw new Error(`${channel} accepted ${JSON.stringify(payload)?.slice(0, 200)}`);
  expect(result.error.code).toBe("bad_request");
  return result.error.message;
}

describe("contract requests", () => {
  it("has a valid example for every channel, and accepts it", () => {
    expect(Object.keys(VALID).sort()).toEqual([...CHANNELS].sort());
    for (const channel of CHANNELS) expect(parseRequest(channel, VALID[channel]), channel).toMatchObject({ ok: true });
  });

  it("refuses non-objects and unknown fields on every channel, naming the channel", () => {
    for (const channel of CHANNELS) {
      for (const payload of ["x", 42, [], true]) expect(rejected(channel, payload)).toContain(channel);
      const message = rejected(channel, { ...(VALID[channel] as object), sneaky: 1 });
      expect(message).toMatch(/sneaky/);
    }
  });

  it("refuses unknown channels without echoing control characters", () => {
    expect(rejected("fleet:explode", {})).toBe("unknown channel 'fleet:explode'");
    expect(rejected("__proto__", {})).toMatch(/unknown channel/);
    expect(rejected("toString", {})).toMatch(/unknown channel/);
    expect(rejected("bad\u0000\nname", {})).toBe("unknown channel 'bad??name'");
  });

  it("refuses path-like and malformed model names with the reason", () => {
    const cases: [string, RegExp][] = [
      ["../../etc/passwd", /'\.\.'/],
      ["models/../secrets", /'\.\.'/],
      ["..", /'\.\.'/],
      ["/etc/passwd", /absolute path/],
      ["C:\\Windows\\evil", /backslash/],
      ["llama\u0000", /control characters/],
      ["line\nbreak", /control characters/],
      ["", /empty/],
      ["a".repeat(LIMITS.modelName + 1), /at most 200/],
      ["a/b/c/d", /must look like/],
      ["name:", /must look like|tag/],
      ["-leading-dash", /must look like/],
      ["llama3:bad tag", /tag/],
      ["emoji😀", /must look like/],
    ];
    for (const [model, reason] of cases) {
      expect(rejected("fleet:load", { endpointId: "local", model }), JSON.stringify(model)).toMatch(reason);
    }
    for (const model of ["llama3", "llama3:8b-instruct-q4_K_M", "team/helper:v2", "registry.example/ns/name:1.0"]) {
      expect(parseRequest("fleet:load", { endpointId: "local", model }).ok, model).toBe(true);
    }
  });

  it("refuses endpoint URLs that are not plain http(s)", () => {
    const cases: [string, RegExp][] = [
      ["file:///etc/passwd", /http or https, not file/],
      ["ftp://host/", /not ftp/],
      ["javascript:alert(1)", /not javascript/],
      ["not a url", /not a valid URL/],
      ["http://user:pw@host/", /credentials/],
      [`http://h/${"x".repeat(LIMITS.url)}`, /at most 2048/],
    ];
    for (const [url, reason] of cases) {
      expect(rejected("endpoints:add", { name: "x", url }), url.slice(0, 40)).toMatch(new RegExp(`url: .*${reason.source}`));
    }
    const ok = parseRequest("endpoints:add", { name: "x", url: "http://10.0.0.5:11434///" });
    expect(ok).toEqual({ ok: true, data: { name: "x", url: "http://10.0.0.5:11434" } });
  });

  it("refuses oversized and wrong-typed fields", () => {
    expect(rejected("endpoints:add", { name: "n".repeat(81), url: "http://h" })).toMatch(/name: must be at most 80/);
    expect(rejected("endpoints:add", { name: "x", url: "http://h", token: "t".repeat(4097) })).toMatch(/token: .*4096/);
    expect(rejected("endpoints:add", { name: "x", url: "http://h", token: "has space" })).toMatch(/token/);
    expect(rejected("fleet:pull-cancel", { pullId: "p".repeat(65) })).toMatch(/pullId/);
    expect(rejected("fleet:benchmark", { endpointId: "local", model: "m", maxTokens: 1e9 })).toMatch(/maxTokens/);
    expect(rejected("fleet:benchmark", { endpointId: "local", model: "m", maxTokens: "64" })).toMatch(/maxTokens/);
    expect(rejected("fleet:load", { endpointId: "LOCAL!", model: "m" })).toMatch(/endpointId: endpoint id must be lowercase/);
    expect(rejected("fleet:load", { endpointId: "local", model: "m", keepAlive: "forever" })).toMatch(/keepAlive/);
    expect(rejected("fleet:pull", { endpointId: "builtin", model: "m", sha256: "abc" })).toMatch(/sha256: .*64 hex/);
    expect(rejected("settings:update", { polling: { intervalMs: 1 } })).toMatch(/polling.intervalMs/);
    expect(rejected("settings:update", { ramBudgetBytes: -5 })).toMatch(/ramBudgetBytes/);
    expect(rejected("settings:update", { ramBudgetBytes: 1024 })).toMatch(/at least 64 MiB/);
  });

  it("requires an explicit confirm to delete", () => {
    for (const confirm of [undefined, false, "true", 1]) {
      expect(rejected("fleet:delete", { endpointId: "local", model: "m", confirm })).toMatch(/confirm: true/);
    }
  });

  it("normalises what it accepts: digests lowercased, URLs without trailing slash", () => {
    const parsed = parseRequest("fleet:pull", { endpointId: "builtin", model: "m", url: "http://h/x.gguf/", sha256: "A".repeat(64) });
    expect(parsed).toEqual({ ok: true, data: { endpointId: "builtin", model: "m", url: "http://h/x.gguf", sha256: "a".repeat(64) } });
  });
});
