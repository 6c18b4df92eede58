/**
 * Our engine in headless Chromium: the page of bench/browser/page.ts served from a static
 * server on 127.0.0.1, one fresh browser context (a renderer process of its own, an empty
 * HTTP cache) per cold run. Chromium and playwright-core are those of the e2e tests
 * (scripts/setup-e2e.sh); without them the browser rows are n/a.
 */
import { createReadStream, existsSync, readdirSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { PageAnswer, PageRequest } from "./browser/page";
import type { HelloProgram } from "./programs";
import { summarize, type Summary } from "./stats";

/** How the page is served: as vscode.dev is (no isolation), or cross-origin isolated. */
export type Isolation = "none" | "coop-coep";

export interface BrowserRow {
  runtime: HelloProgram["runtime"];
  isolation: Isolation;
  crossOriginIsolated: boolean;
  sharedArrayBuffer: boolean;
  cold: Summary;
  warm: Summary;
}

export type BrowserBench = { browser: string; rows: BrowserRow[] } | { unavailable: string };

export interface BrowserPlan {
  program: HelloProgram;
  coldRuns: number;
  warmups: number;
  runs: number;
}

// The part of playwright-core used here: it is loaded from e2e/node_modules at run time.
interface Page {
  goto(url: string): Promise<unknown>;
  evaluate<T>(expression: string): Promise<T>;
}
interface BrowserContext {
  newPage(): Promise<Page>;
  close(): Promise<void>;
}
interface Browser {
  version(): string;
  newContext(): Promise<BrowserContext>;
  close(): Promise<void>;
}
interface Chromium {
  launch(options: { executablePath: string; headless: boolean; args: string[] }): Promise<Browser>;
}

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ISOLATION_HEADERS = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
};
const PAGE = `<!doctype html><meta charset="utf-8"><title>Runno Sandbox bench</title><script src="bench-page.js"></script>\n`;
const TYPES: Record<string, string> = {
  ".js": "text/javascript",
  ".wasm": "application/wasm",
  ".gz": "application/gzip",
};

/** Why the browser bench cannot run here, or undefined when it can. */
function missing(distDir: string, repoRoot: string): string | undefined {
  if (!existsSync(CHROMIUM)) return `no Chromium at ${CHROMIUM} (bash scripts/setup-e2e.sh installs it)`;
  if (!existsSync(join(repoRoot, "e2e", "node_modules", "playwright-core"))) {
    return "playwright-core is not installed in e2e/node_modules (bash scripts/setup-e2e.sh installs it)";
  }
  for (const file of ["bench-page.js", "worker.web.js"]) {
    if (!existsSync(join(distDir, file))) return `dist/${file} is missing (npm run build)`;
  }
  return undefined;
}

/**
 * Serves `/<isolation>/`: the page, its script, the worker script and dist/langs/*, and
 * nothing else. Under `/coop-coep/` every response carries the isolation headers.
 */
function serve(distDir: string): Promise<Server> {
  const files = new Map<string, string>([
    ["bench-page.js", join(distDir, "bench-page.js")],
    ["worker.web.js", join(distDir, "worker.web.js")],
  ]);
  for (const name of readdirSync(join(distDir, "langs"))) files.set(`langs/${name}`, join(distDir, "langs", name));
  const server = createServer((request, response) => {
    const match = /^\/(none|coop-coep)\/(.*)$/.exec(new URL(request.url ?? "/", "http://localhost").pathname);
    const headers: Record<string, string> = {
      "Cache-Control": "no-store",
      ...(match?.[1] === "coop-coep" ? ISOLATION_HEADERS : {}),
    };
    const path = match ? files.get(match[2]) : undefined;
    if (match && match[2] === "") {
      response.writeHead(200, { ...headers, "Content-Type": "text/html; charset=utf-8" }).end(PAGE);
    } else if (path) {
      const type = TYPES[path.slice(path.lastIndexOf("."))] ?? "application/octet-stream";
      response.writeHead(200, { ...headers, "Content-Type": type, "Content-Length": statSync(path).size });
      createReadStream(path).pipe(response);
    } else {
      response.writeHead(404, headers).end();
    }
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve(server));
  });
}

/** One call of the page's `runnoBench` in a fresh browser context. */
async function inFreshContext(browser: Browser, url: string, request: PageRequest): Promise<PageAnswer> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(url);
    return await page.evaluate<PageAnswer>(`runnoBench(${JSON.stringify(request)})`);
  } finally {
    await context.close();
  }
}

/**
 * For each plan and isolation: `coldRuns` fresh contexts, the first of which then goes on
 * with the warm runs on its engine.
 */
export async function browserRuns(
  distDir: string,
  repoRoot: string,
  plans: BrowserPlan[],
  isolations: Isolation[],
  progress: (line: string) => void,
): Promise<BrowserBench> {
  const why = missing(distDir, repoRoot);
  if (why) return { unavailable: why };
  let chromium: Chromium;
  try {
    chromium = (createRequire(join(repoRoot, "e2e", "package.json"))("playwright-core") as { chromium: Chromium })
      .chromium;
  } catch (error) {
    return { unavailable: `cannot load playwright-core: ${error instanceof Error ? error.message : error}` };
  }
  let server: Server | undefined;
  let browser: Browser | undefined;
  try {
    server = await serve(distDir);
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      // --no-sandbox: Chromium will not start as root with its sandbox on.
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    });
    const rows: BrowserRow[] = [];
    for (const isolation of isolations) {
      for (const { program, coldRuns, warmups, runs } of plans) {
        const label = `${program.runtime}: browser (${isolation === "none" ? "not isolated" : "COOP/COEP"})`;
        progress(`${label}...`);
        const url = `${origin}/${isolation}/`;
        const first = await inFreshContext(browser, url, { runtime: program.runtime, warmups, runs });
        const cold = [first.coldMs];
        for (let i = 1; i < coldRuns; i++)
          cold.push((await inFreshContext(browser, url, { runtime: program.runtime, warmups: 0, runs: 0 })).coldMs);
        const row = {
          runtime: program.runtime,
          isolation,
          crossOriginIsolated: first.crossOriginIsolated,
          sharedArrayBuffer: first.sharedArrayBuffer,
          cold: summarize(cold),
          warm: summarize(first.warmMs),
        };
        progress(
          `${label}: cold median ${row.cold.median} ms, warm median ${row.warm.median} ms (${row.warm.min}-${row.warm.max}, n=${row.warm.runs})`,
        );
        rows.push(row);
      }
    }
    return { browser: `Chromium ${browser.version()} (headless)`, rows };
  } catch (error) {
    return { unavailable: `the browser bench failed: ${error instanceof Error ? error.message : error}` };
  } finally {
    await browser?.close();
    server?.close();
    server?.closeAllConnections();
  }
}
