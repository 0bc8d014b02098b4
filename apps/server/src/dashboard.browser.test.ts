// The dashboard in a real browser (Debian's chromium driven by playwright-core) against the real server.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { networkInterfaces, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createFakeBroker, type FakeBroker } from "@exhook/testkit";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ServerProcess, startServerProcess, tempDir } from "./test-support/server-process.js";

const chromiumPath = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";
const haveChromium = existsSync(chromiumPath);
if (!haveChromium) {
  console.warn(
    `dashboard browser tests skipped: no chromium at ${chromiumPath} (apt-get install -y chromium, or set CHROMIUM_PATH)`,
  );
}
// EXHOOK_SCREENSHOTS=1 rewrites the README's screenshots from this run.
const screenshotDir = fileURLToPath(new URL("../docs/", import.meta.url));
const takeScreenshots = process.env["EXHOOK_SCREENSHOTS"] === "1";

/** An IPv4 address of this machine that is not loopback, to open the page "from elsewhere". */
const outsideAddress = Object.values(networkInterfaces())
  .flat()
  .find((a) => a !== undefined && a.family === "IPv4" && !a.internal)?.address;

const fixture = (name: string) => fileURLToPath(new URL(`./test-support/fixtures/${name}`, import.meta.url));
const token = "browser-test-token";

/** Debian's chromium, headless, with a fresh profile. */
async function launchChromium(): Promise<{ browser: BrowserContext; page: Page; profileDir: string }> {
  const profileDir = mkdtempSync(join(tmpdir(), "exhook-chromium-"));
  // A fresh profile per run (playwright passes it as --user-data-dir).
  const browser = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 1400, height: 1100 },
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  const page = browser.pages()[0] ?? (await browser.newPage());
  return { browser, page, profileDir };
}

describe.skipIf(!haveChromium)("the dashboard in chromium", { timeout: 90_000 }, () => {
  let server: ServerProcess;
  let broker: FakeBroker;
  let browser: BrowserContext;
  let page: Page;
  let profileDir: string;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    const dir = tempDir({
      "exhook.yaml": [
        "admin: { token: '${ADMIN_TOKEN}' }",
        "log: { banner: false }",
        "sinks:",
        "  audit: { type: memory }",
        "routes:",
        "  - { hooks: [client.connected, message.publish], sinks: [audit] }",
        `handlers: ${JSON.stringify(fixture("deny-handlers.js"))}`,
      ].join("\n"),
    });
    server = await startServerProcess({
      args: ["--config", "exhook.yaml"],
      cwd: dir,
      env: { ADMIN_TOKEN: token },
    });
    broker = createFakeBroker({ url: server.url, version: "v3" });
    await broker.load();
    ({ browser, page, profileDir } = await launchChromium());
    page.on("console", (message) => {
      if (message.type() === "error") consoleErrors.push(message.text());
    });
    page.on("pageerror", (error) => consoleErrors.push(String(error)));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    if (profileDir !== undefined) rmSync(profileDir, { recursive: true, force: true });
    broker?.close();
    await server?.stop();
  });

  /** Plays one whole MQTT session: connect, subscribe, publish (one denied), disconnect. */
  async function session(clientid: string): Promise<void> {
    const client = broker.client({ clientid, username: clientid, password: "browser-secret" });
    await client.connect();
    await client.subscribe(`room/${clientid}/#`, { qos: 1 });
    await client.publish(`room/${clientid}/temp`, "21.5", { qos: 1 });
    await client.publish("forbidden/door", "open");
    await client.disconnect();
  }

  const cellOf = (hook: string, column: number) =>
    page.locator(`#hooks tr[data-hook="${hook}"] td:nth-child(${column})`);

  it("asks for the token, then shows live counters that move as a gRPC client calls", async () => {
    // The token is asked for, so a 401 on the first poll is expected: it is the only console error allowed.
    await page.goto(`${server.adminUrl}/`);
    await page.locator("#token-form").waitFor({ state: "visible", timeout: 20_000 });
    await page.fill("#token", token);
    await page.click("#token-form button");
    await page.locator("#status.ok").waitFor({ timeout: 20_000 });
    consoleErrors.length = 0;

    await session("browser-1");
    await expect
      .poll(async () => Number(await cellOf("client.connected", 5).textContent()), { timeout: 20_000 })
      .toBe(1);
    for (let i = 2; i <= 4; i++) await session(`browser-${i}`);
    await expect
      .poll(async () => Number(await cellOf("client.connected", 5).textContent()), { timeout: 20_000 })
      .toBe(4);
    // The denied publish shows as a stop false on client.authorize.
    await expect
      .poll(async () => Number(await cellOf("client.authorize", 9).textContent()), { timeout: 20_000 })
      .toBeGreaterThanOrEqual(4);
    await page
      .locator('#charts .chart[data-hook="message.publish"] polyline')
      .first()
      // Attached, not visible: a chart with one point so far is a line of zero length.
      .waitFor({ state: "attached", timeout: 20_000 });
  });

  it("tails calls from loopback at once, filtered by hook and topic, without passwords", async () => {
    await session("browser-tail");
    await page.locator('#tail td:text-is("browser-tail")').first().waitFor({ timeout: 20_000 });
    expect(await page.locator("#tail").textContent()).not.toContain("browser-secret");

    await page.selectOption("#tail-hook", "message.publish");
    await session("browser-filtered");
    await page.locator('#tail td:text-is("browser-filtered")').first().waitFor({ timeout: 20_000 });
    const hooks = await page
      .locator("#tail tbody tr")
      .evaluateAll((rows) => rows.map((r) => r.dataset["hook"]));
    expect(new Set(hooks)).toEqual(new Set(["message.publish"]));

    // A denied publish never reaches message.publish: look for it on every hook.
    await page.selectOption("#tail-hook", "");
    await page.fill("#tail-topic", "forbidden/#");
    await page.press("#tail-topic", "Enter");
    await session("browser-topic");
    await page.locator('#tail td:text-is("forbidden/door")').first().waitFor({ timeout: 20_000 });
    const topics = await page.locator("#tail tbody td:nth-child(4)").allTextContents();
    expect(new Set(topics)).toEqual(new Set(["forbidden/door"]));
    await page.fill("#tail-topic", "");
    await page.press("#tail-topic", "Enter");
  });

  it("disables a sink from the page, which /metrics then shows", async () => {
    const metrics = async () =>
      (await fetch(`${server.adminUrl}/metrics`, { headers: { authorization: `Bearer ${token}` } })).text();
    expect(await metrics()).toContain('exhook_driver_enabled{driver="audit",kind="sink"} 1');
    await page.click('#sinks tr[data-sink="audit"] button[data-driver="audit"]');
    await expect
      .poll(metrics, { timeout: 20_000 })
      .toContain('exhook_driver_enabled{driver="audit",kind="sink"} 0');
    await page.locator('#sinks tr[data-sink="audit"] button:text-is("Enable")').waitFor({ timeout: 20_000 });
    await session("browser-after-disable");
    await expect
      .poll(async () => page.locator('#sinks tr[data-sink="audit"] td:nth-child(10)').textContent(), {
        timeout: 20_000,
      })
      .toMatch(/disabled \d+/);
  });

  it.runIf(takeScreenshots)(
    "takes the README's screenshot after a minute of mixed traffic",
    { timeout: 180_000 },
    async () => {
      await page.locator('#sinks tr[data-sink="audit"] button').click();
      await page.locator('#sinks tr[data-sink="audit"] td:text-is("yes")').waitFor({ timeout: 20_000 });
      const until = Date.now() + 60_000;
      for (let i = 0; Date.now() < until; i++) {
        // A rate that rises and falls, so the charts have a shape.
        const burst = 2 + Math.round(6 * Math.abs(Math.sin(i / 6)));
        await Promise.all(Array.from({ length: burst }, (_, j) => session(`sensor-${(i * 10 + j) % 97}`)));
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      mkdirSync(screenshotDir, { recursive: true });
      await page.screenshot({ path: join(screenshotDir, "dashboard.png") });
    },
  );

  it("logged no console errors", () => {
    expect(consoleErrors).toEqual([]);
  });
});

describe.skipIf(!haveChromium || outsideAddress === undefined)(
  "the dashboard opened from beyond loopback",
  () => {
    it("starts with the tail paused, and tails once asked", { timeout: 90_000 }, async () => {
      const dir = tempDir({
        "exhook.yaml": [
          "admin: { host: 0.0.0.0, token: '${ADMIN_TOKEN}' }",
          "log: { banner: false }",
          `handlers: ${JSON.stringify(fixture("deny-handlers.js"))}`,
        ].join("\n"),
      });
      const server = await startServerProcess({
        args: ["--config", "exhook.yaml"],
        cwd: dir,
        env: { ADMIN_TOKEN: token },
      });
      const broker = createFakeBroker({ url: server.url, version: "v2" });
      const { browser, page, profileDir } = await launchChromium();
      try {
        await broker.load();
        const port = new URL(server.adminUrl!).port;
        await page.goto(`http://${outsideAddress}:${port}/`);
        await page.fill("#token", token);
        await page.click("#token-form button");
        await page.locator("#status.ok").waitFor({ timeout: 20_000 });
        await page.locator('#tail-toggle:text-is("Resume")').waitFor({ timeout: 20_000 });

        const client = broker.client({ clientid: "far-away" });
        await client.connect();
        await client.subscribe("far/#");
        // The counters move, the tail does not.
        await expect
          .poll(
            async () => page.locator('#hooks tr[data-hook="client.authorize"] td:nth-child(5)').textContent(),
            {
              timeout: 20_000,
            },
          )
          .toBe("1");
        expect(await page.locator("#tail tbody tr").count()).toBe(0);

        await page.click("#tail-toggle");
        // The server starts observing at the page's next read: subscribe until a call shows.
        let n = 0;
        await expect
          .poll(
            async () => {
              await client.subscribe(`far/again/${n++}`);
              return page.locator('#tail td:text-matches("^far/again/")').count();
            },
            { timeout: 20_000 },
          )
          .toBeGreaterThan(0);
      } finally {
        await browser.close();
        rmSync(profileDir, { recursive: true, force: true });
        broker.close();
        await server.stop();
      }
    });
  },
);
