// The browser benchmark's results: a third table for people, a `browser` section for the JSON.
import type { BrowserBench, BrowserRow, Isolation } from "./browser";
import { summaryOf } from "./measured";
import type { RuntimeResult } from "./report";
import { formatSection, table } from "./report";
import { ratio, type Summary } from "./stats";

export interface BrowserSettings {
  /** Fresh browser contexts per runtime and isolation. */
  coldRuns: number;
  isolations: Isolation[];
}

export interface BrowserTarget {
  runtime: string;
  isolation: Isolation;
  description: string;
  bound: number;
  actual: number | undefined;
  met: boolean;
  /** Why there is no figure. */
  unavailable?: string;
}

/** A browser row next to the same runtime's Node figures from this run. */
interface Compared {
  row: BrowserRow;
  nodeCold: Summary | undefined;
  nodeWarm: Summary | undefined;
  /** Browser warm median over Node warm median. */
  browserOverNodeWarm: number | undefined;
}

const BOUND = 1.5;
const DESCRIPTION = `warm in browser within ${BOUND}x of Node`;
const label = (isolation: Isolation) => (isolation === "none" ? "not isolated" : "COOP/COEP");

function compare(bench: BrowserBench, results: RuntimeResult[]): Compared[] {
  if ("unavailable" in bench) return [];
  return bench.rows.map((row) => {
    const node = results.find((r) => r.runtime === row.runtime);
    const nodeWarm = summaryOf(node?.oursWarm);
    return { row, nodeCold: summaryOf(node?.oursCold), nodeWarm, browserOverNodeWarm: ratio(row.warm, nodeWarm) };
  });
}

export function checkBrowserTargets(
  bench: BrowserBench,
  results: RuntimeResult[],
  runtimes: string[],
  settings: BrowserSettings,
): BrowserTarget[] {
  if ("unavailable" in bench) {
    return runtimes.flatMap((runtime) =>
      settings.isolations.map((isolation) => ({
        runtime,
        isolation,
        description: DESCRIPTION,
        bound: BOUND,
        actual: undefined,
        met: false,
        unavailable: bench.unavailable,
      })),
    );
  }
  return compare(bench, results).map(({ row, browserOverNodeWarm: actual }) => ({
    runtime: row.runtime,
    isolation: row.isolation,
    description: DESCRIPTION,
    bound: BOUND,
    actual,
    met: actual !== undefined && actual <= BOUND,
  }));
}

const ms = (s: Summary | undefined) => (s ? s.median.toFixed(1) : "n/a");
const range = (s: Summary | undefined) => (s ? `${s.min.toFixed(0)}-${s.max.toFixed(0)} (n=${s.runs})` : "n/a");

export function formatBrowserReport(
  bench: BrowserBench,
  results: RuntimeResult[],
  runtimes: string[],
  targets: BrowserTarget[],
  settings: BrowserSettings,
): string {
  const header = ["runtime", "node cold", "node warm", "browser cold", "browser warm", "browser warm / node warm"];
  const compared = compare(bench, results);
  const rows =
    "unavailable" in bench
      ? runtimes.map((runtime) => {
          const node = results.find((r) => r.runtime === runtime);
          return [runtime, ms(summaryOf(node?.oursCold)), ms(summaryOf(node?.oursWarm)), "n/a", "n/a", "n/a"];
        })
      : compared.map((c) => [
          `${c.row.runtime} (${label(c.row.isolation)})`,
          ms(c.nodeCold),
          ms(c.nodeWarm),
          ms(c.row.cold),
          ms(c.row.warm),
          c.browserOverNodeWarm === undefined ? "n/a" : `${c.browserOverNodeWarm.toFixed(2)}x`,
        ]);
  const ranges = table(
    ["runtime", "browser cold", "browser warm"],
    compared.map((c) => [`${c.row.runtime} (${label(c.row.isolation)})`, range(c.row.cold), range(c.row.warm)]),
  );
  const goals = targets.map((t) => {
    if (t.unavailable) return `- n/a     ${t.runtime} (${label(t.isolation)}): ${t.description}: n/a, ${t.unavailable}`;
    const figure = t.actual === undefined ? "n/a" : `${t.actual.toFixed(2)}x`;
    return `- ${t.met ? "MET    " : "NOT MET"} ${t.runtime} (${label(t.isolation)}): ${t.description}: ${figure}`;
  });
  const isolation = compared.map(
    (c) =>
      `${c.row.runtime} (${label(c.row.isolation)}): crossOriginIsolated ${c.row.crossOriginIsolated}, SharedArrayBuffer ${c.row.sharedArrayBuffer ? "present" : "absent"}`,
  );
  return formatSection({
    title: `Our engine in the browser${"unavailable" in bench ? "" : ` (${bench.browser})`} next to Node, same run: hello-world latency, median ms (lower is better).`,
    main: table(header, rows),
    ranges: "unavailable" in bench ? `n/a: ${bench.unavailable}` : { unit: "ms", table: ranges },
    goals,
    measured: [
      "- node cold, node warm: the ours cold and ours warm figures of the first table (this run).",
      `- browser: a page served from 127.0.0.1 by the bench (node:http) runs our engine with webPlatform: Web Workers started from /worker.web.js, runtime files fetched from /langs/ (no HTTP cache). Same programs and output check as on Node.`,
      `- browser cold: a fresh browser context per run (a renderer process of its own, so no compiled module is reused), page loaded, then timed inside the page from new SandboxEngine() to the first result: fetching and compiling the runtime, unpacking its files, starting a worker. Contexts per row: ${settings.coldRuns}.`,
      "- browser warm: the first context's engine goes on with the warm-ups and timed runs of the ours warm column (C compiles + links + runs every time).",
      "- not isolated: no COOP/COEP headers, as vscode.dev's extension host: no SharedArrayBuffer, so output and stdin go between page and worker as messages. COOP/COEP: the same page with Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp, so the engine uses shared memory.",
      ...(isolation.length > 0 ? [`- seen in the page: ${isolation.join("; ")}.`] : []),
    ],
  });
}

export function browserJson(
  bench: BrowserBench,
  results: RuntimeResult[],
  targets: BrowserTarget[],
  settings: BrowserSettings,
) {
  if ("unavailable" in bench) return { settings, unavailable: bench.unavailable, targets };
  const rows = compare(bench, results).map(({ row, nodeCold, nodeWarm, browserOverNodeWarm }) => ({
    runtime: row.runtime,
    isolation: row.isolation,
    crossOriginIsolated: row.crossOriginIsolated,
    sharedArrayBuffer: row.sharedArrayBuffer,
    nodeCold,
    nodeWarm,
    browserCold: row.cold,
    browserWarm: row.warm,
    browserOverNodeWarm,
  }));
  return { settings, browser: bench.browser, rows, targets };
}
