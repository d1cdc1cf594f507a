/**
 * The Fleet view in a real browser (Debian's Chromium) against a real `ragents serve`, whose core
 * runs the real built-in engine with the demo model. One host and one browser for the file;
 * tests run in order and build on each other's state (load → unload → pull → screenshot).
 */
import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { makeRandomModel } from "../../electron/engine/gguf/random-model.js";
import { launchBrowser } from "../support/browser.js";
import { makeTempDir } from "../support/engine.js";
import { startFileServer, type FileServer } from "../support/file-server.js";
import { startServeHost, type ServeHost } from "../support/serve-host.js";

const DEMO = "tiny-random:latest";
const row = (model: string) => `tr.model-row[data-model="${model}"]`;
const ramGauge = '[role="meter"][aria-label="RAM used by models"]';

let host: ServeHost;
let browser: Browser;
let page: Page;
let files: FileServer;
let ggufPath: string;
const pageErrors: string[] = [];

beforeAll(async () => {
  const dir = await makeTempDir("ragents-e2e-gguf-");
  ggufPath = join(dir, "pulled.gguf");
  await makeRandomModel({ out: ggufPath, preset: "tiny", seed: 7 });
  [host, browser, files] = await Promise.all([startServeHost(), launchBrowser(), startFileServer({ "pulled.gguf": ggufPath })]);
  page = await browser.newPage({ viewport: { width: 1280, height: 820 } });
  page.on("pageerror", (error) => pageErrors.push(error.message));
});

afterAll(async () => {
  await browser?.close();
  await files?.close();
  await host?.stop();
});

/** The models' RAM as the gauge reports it (aria-valuenow, bytes). */
async function gaugeBytes(): Promise<number> {
  return Number(await page.locator(ramGauge).getAttribute("aria-valuenow"));
}

describe("the headless host refuses what has no token", () => {
  it("refuses the socket without a token, or with a wrong one (401)", async () => {
    for (const query of ["", "?token=wrong"]) {
      const socket = new WebSocket(`${host.origin.replace("http", "ws")}/ws${query}`);
      const status = await new Promise<number | undefined>((resolve, reject) => {
        socket.once("unexpected-response", (_request, response) => resolve(response.statusCode));
        socket.once("open", () => reject(new Error("socket opened without a valid token")));
      });
      expect(status).toBe(401);
    }
    expect((await fetch(`${host.origin}/api/fleet:list`, { method: "POST" })).status).toBe(401);
    const health = await (await fetch(`${host.origin}/healthz`)).text();
    expect(health).not.toContain(host.token);
  });

  it("without the token, the page says how to get in and shows no fleet", async () => {
    const context = await browser.newContext();
    const stranger = await context.newPage();
    await stranger.goto(`${host.origin}/`);
    await expect.poll(() => stranger.getByRole("alert").first().textContent()).toContain("This page needs its access token");
    expect(await stranger.locator("tr.model-row").count()).toBe(0);
    expect(await stranger.getByText("Loading the fleet").count()).toBe(0);
    await context.close();
  });
});

describe("Fleet view", () => {
  it("opens with the token and shows the engine's demo model, flagged as random weights", async () => {
    await page.goto(host.url);
    await page.locator(row(DEMO)).waitFor();
    await expect.poll(() => page.locator(row(DEMO)).textContent()).toContain("random weights — output is gibberish");
    // The token moved out of the address bar into this tab's session storage.
    expect(page.url()).toBe(`${host.origin}/`);
    const builtin = page.locator('.endpoint-card[aria-label^="Built-in engine"]');
    await expect.poll(() => builtin.getAttribute("data-status")).toBe("up");
    expect(await builtin.textContent()).toMatch(/Version0\.1\.0/);
  });

  it("loads then unloads the model, and the RAM gauge follows", async () => {
    expect(await gaugeBytes()).toBe(0);
    await page.getByRole("button", { name: `Load ${DEMO}` }).click();
    await page.locator(`${row(DEMO)}[data-loaded="true"]`).waitFor();
    await page.waitForFunction((sel) => Number(document.querySelector(sel)?.getAttribute("aria-valuenow")) > 0, ramGauge);
    const loadedBytes = await gaugeBytes();
    expect(loadedBytes).toBeGreaterThan(0);

    await page.getByRole("button", { name: `Unload ${DEMO}` }).click();
    await page.locator(`${row(DEMO)}[data-loaded="false"]`).waitFor();
    await page.waitForFunction((sel) => Number(document.querySelector(sel)?.getAttribute("aria-valuenow")) === 0, ramGauge);
  });

  it("pulls a GGUF from a loopback server with a progress bar, to completion", async () => {
    const release = files.stallNext("pulled.gguf");
    await page.getByRole("button", { name: "Pull model…" }).click();
    const dialog = page.getByRole("dialog", { name: "Pull a model" });
    await dialog.getByLabel("Endpoint").selectOption("builtin");
    await dialog.getByLabel("Model name").fill("pulled-demo");
    await dialog.getByLabel(/GGUF URL/).fill(files.url("pulled.gguf"));
    await dialog.getByRole("button", { name: "Pull", exact: true }).click();

    // The file server holds the body after its first chunk, so the pull is caught running: the
    // dialog follows it with a bar part-way (the bytes that did arrive) and offers to cancel.
    const bar = dialog.getByRole("progressbar", { name: "Pull of pulled-demo:latest" });
    await dialog.locator('.pull-progress[data-state="running"]').waitFor();
    await page.waitForFunction(() => {
      const value = Number(document.querySelector('[role="progressbar"][aria-label^="Pull of"]')?.getAttribute("aria-valuenow"));
      return value > 0 && value < 100;
    });
    expect(await bar.isVisible()).toBe(true);
    expect(await dialog.getByRole("button", { name: "Cancel pull" }).isVisible()).toBe(true);
    release();
    await dialog.locator('.pull-progress[data-state="done"]').waitFor();
    expect(await bar.getAttribute("aria-valuenow")).toBe("100");
    await dialog.getByRole("button", { name: "Close" }).click();
    await page.locator(row("pulled-demo:latest")).waitFor();
  });

  it("shows the server's message inline when an endpoint URL is refused, and adds nothing", async () => {
    await page.getByRole("button", { name: "Add remote endpoint…" }).click();
    const form = page.getByRole("form", { name: "Add remote endpoint" });
    await form.getByLabel("Name").fill("not-a-server");
    await form.getByLabel("URL").fill("file:///etc/passwd");
    await form.getByRole("button", { name: "Add" }).click();
    await expect.poll(() => form.getByRole("alert").textContent()).toContain("URL must use http or https, not file");
    await form.getByRole("button", { name: "Cancel" }).click();
    expect(await page.locator(".endpoint-card").count()).toBe(2);
  });

  it("benchmarks a loaded model, then saves a screenshot of the Fleet view", async () => {
    await page.getByRole("button", { name: `Load ${DEMO}` }).click();
    await page.locator(`${row(DEMO)}[data-loaded="true"]`).waitFor();
    await page.getByRole("button", { name: `Benchmark ${DEMO}` }).click();
    // The result line, and the model's tok/s column fed by the same measurement.
    await page.getByRole("status").filter({ hasText: "Benchmark:" }).waitFor();
    await expect.poll(() => page.locator(`${row(DEMO)} .throughput`).textContent()).toMatch(/tok\/s/);
    await page.waitForFunction((sel) => Number(document.querySelector(sel)?.getAttribute("aria-valuenow")) > 0, ramGauge);
    await mkdir("test-artifacts", { recursive: true });
    await page.screenshot({ path: "test-artifacts/fleet.png", fullPage: true });
    expect((await readFile("test-artifacts/fleet.png")).length).toBeGreaterThan(10_000);
    expect(pageErrors).toEqual([]);
  });
});

describe("keyboard and colour schemes", () => {
  it("reaches the pull dialog from the keyboard alone, and Escape closes it", async () => {
    await page.goto(host.url);
    await page.locator(row(DEMO)).waitFor();
    // Tab until the focus lands on "Pull model…": it must be reachable, not only clickable.
    let reached = false;
    for (let i = 0; i < 40 && !reached; i++) {
      await page.keyboard.press("Tab");
      reached = await page.evaluate(() => document.activeElement?.textContent?.trim() === "Pull model…");
    }
    expect(reached).toBe(true);
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog", { name: "Pull a model" });
    await dialog.waitFor();
    // Focus moved into the dialog, so typing goes to its form.
    expect(await page.evaluate(() => document.activeElement?.closest("dialog") !== null)).toBe(true);
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
  });

  it("follows a dark colour scheme", async () => {
    const dark = await browser.newPage({ viewport: { width: 1280, height: 820 }, colorScheme: "dark" });
    await dark.goto(host.url);
    await dark.locator(row(DEMO)).waitFor();
    const background = await dark.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const [r, g, b] = background.match(/\d+/g)!.map(Number);
    expect(r! + g! + b!).toBeLessThan(200); // a dark page, not the light default
    await dark.screenshot({ path: "test-artifacts/fleet-dark.png", fullPage: true });
    await dark.close();
  });
});
