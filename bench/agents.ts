/**
 * The agent-facing entries, issue 13: a warm `run_code` over MCP (the `runno mcp` process,
 * driven by the SDK's own client over stdio, timed from `callTool` to its result) against our
 * in-process library call and against the original's way (`runCode` of @runno/sandbox per
 * call, the python row of the same bench run); and 8 MCP calls at once against one.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { availableParallelism, loadavg } from "node:os";
import { join } from "node:path";
import { SandboxEngine } from "../src/engine/host";
import { bundledNodePlatform } from "../src/engine/platform/node";
import { EngineSandbox } from "../src/library/sandbox";
import { processCpuMs } from "./process-cpu";
import { greeted, PROGRAMS } from "./programs";
import { summaryOf, type Measured } from "./measured";
import { pairedRatios, ratio, summarize, timed } from "./stats";

export const AGENT_SETTINGS = { warmups: 10, runs: 50, concurrency: 8, concurrentRounds: 10 };
const PYTHON = PROGRAMS.find((p) => p.runtime === "python")!;

export interface AgentResult {
  mcp: Measured;
  library: Measured;
  runCode: Measured;
  /** Wall time of 8 calls sent at once, and its ratio to one call, round by round. */
  concurrent: Measured & { ratioByRound?: ReturnType<typeof pairedRatios> };
  /** CPU time of the MCP server process (all threads) per call, where /proc tells it. */
  cpu?: CpuFigures;
}

export interface CpuFigures {
  /** Per call, over the calls made one at a time. */
  perCallMs: number;
  /** Per call, over the calls made 8 at a time. */
  perConcurrentCallMs: number;
  cores: number;
  /** The load average (1 min) when the section ended: the machine is shared. */
  loadAverage: number;
  /**
   * The least "8 at once / one" can be on these cores: 8 calls' CPU spread perfectly over
   * every core, against one call's median wall time.
   */
  floorRatio: number;
}

export async function benchAgents(
  distDir: string,
  runCode: Measured,
  progress: (line: string) => void,
): Promise<AgentResult> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [join(distDir, "cli.js"), "mcp"],
    stderr: "ignore",
  });
  const client = new Client({ name: "runno-bench", version: "1.0.0" });
  const sandbox = new EngineSandbox(new SandboxEngine(bundledNodePlatform(distDir)));
  try {
    await client.connect(transport);
    const mcpCall = async () => {
      const { ms, value } = await timed(() =>
        client.callTool({ name: "run_code", arguments: { runtime: "python", code: PYTHON.source } }),
      );
      const result = value as CallToolResult;
      const text = result.content[0]?.type === "text" ? result.content[0].text : "";
      if (result.isError || !greeted(text.replace(/^stdout:\n/m, "")))
        throw new Error(`run_code did not greet: ${text.slice(0, 200)}`);
      return ms;
    };
    const libraryCall = async () => {
      const { ms, value } = await timed(() => sandbox.runCode("python", PYTHON.source));
      if (!greeted(value.stdout))
        throw new Error(`runCode of the library did not greet: ${value.stdout}${value.stderr}`);
      return ms;
    };
    progress(
      `agents: ${AGENT_SETTINGS.warmups} warm-ups each, then ${AGENT_SETTINGS.runs} MCP and library calls in turn`,
    );
    for (let i = 0; i < AGENT_SETTINGS.warmups; i++) {
      await mcpCall();
      await libraryCall();
    }
    // In turn, so that the machine's drift falls on both. The server's CPU counts only its
    // own calls: the library runs in this process.
    const mcp: number[] = [];
    const library: number[] = [];
    const serverCpuBefore = processCpuMs(transport.pid);
    for (let i = 0; i < AGENT_SETTINGS.runs; i++) {
      mcp.push(await mcpCall());
      library.push(await libraryCall());
    }
    const serverCpuSingles = processCpuMs(transport.pid);
    progress(
      `agents: ${AGENT_SETTINGS.concurrentRounds} rounds of one MCP call, then ${AGENT_SETTINGS.concurrency} at once`,
    );
    const singles: number[] = [];
    const batches: number[] = [];
    let batchCpuMs = 0;
    for (let round = 0; round < AGENT_SETTINGS.concurrentRounds; round++) {
      singles.push(await mcpCall());
      const before = processCpuMs(transport.pid) ?? 0;
      batches.push((await timed(() => Promise.all(Array.from({ length: AGENT_SETTINGS.concurrency }, mcpCall)))).ms);
      batchCpuMs += (processCpuMs(transport.pid) ?? 0) - before;
    }
    const mcpSummary = summarize(mcp);
    const cpu =
      serverCpuBefore !== undefined && serverCpuSingles !== undefined
        ? cpuFigures(
            (serverCpuSingles - serverCpuBefore) / AGENT_SETTINGS.runs,
            batchCpuMs / (AGENT_SETTINGS.concurrentRounds * AGENT_SETTINGS.concurrency),
            mcpSummary.median,
          )
        : undefined;
    return {
      mcp: { summary: mcpSummary },
      library: { summary: summarize(library) },
      runCode,
      concurrent: { summary: summarize(batches), ratioByRound: pairedRatios(batches, singles) },
      ...(cpu && { cpu }),
    };
  } finally {
    await client.close().catch(() => {});
    await sandbox.close();
  }
}

function cpuFigures(perCallMs: number, perConcurrentCallMs: number, oneCallMs: number): CpuFigures {
  const cores = availableParallelism();
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    perCallMs: round(perCallMs),
    perConcurrentCallMs: round(perConcurrentCallMs),
    cores,
    loadAverage: round(loadavg()[0]),
    floorRatio: round((AGENT_SETTINGS.concurrency * perCallMs) / cores / oneCallMs),
  };
}

export function agentTargets(result: AgentResult) {
  const mcpOverLibrary = ratio(summaryOf(result.mcp), summaryOf(result.library));
  const speedupVsRunCode = ratio(summaryOf(result.runCode), summaryOf(result.mcp));
  const concurrentOverOne = result.concurrent.ratioByRound?.median;
  return [
    {
      description: "MCP run_code <= 1.5x the in-process library call",
      bound: 1.5,
      actual: mcpOverLibrary,
      met: mcpOverLibrary !== undefined && mcpOverLibrary <= 1.5,
    },
    {
      description: "MCP run_code >= 15x faster than runCode",
      bound: 15,
      actual: speedupVsRunCode,
      met: speedupVsRunCode !== undefined && speedupVsRunCode >= 15,
    },
    {
      description: "8 concurrent MCP calls <= 3x one",
      bound: 3,
      actual: concurrentOverOne,
      met: concurrentOverOne !== undefined && concurrentOverOne <= 3,
    },
  ];
}

export function formatAgentReport(result: AgentResult): string {
  const cell = (m: Measured) =>
    "summary" in m
      ? `${m.summary.median} (${m.summary.min}-${m.summary.max}, n=${m.summary.runs})`
      : `n/a: ${m.unavailable}`;
  const lines = [
    "Agents: a Python hello world, warm (median ms; min-max)",
    `  run_code over MCP (stdio, callTool to result)  ${cell(result.mcp)}`,
    `  library call in this process                    ${cell(result.library)}`,
    `  @runno/sandbox runCode per call                 ${cell(result.runCode)}`,
    `  ${AGENT_SETTINGS.concurrency} run_code calls at once over MCP             ${cell(result.concurrent)}`,
  ];
  const cpu = result.cpu;
  if (cpu) {
    lines.push(
      `  CPU of the MCP server per call (all threads): ${cpu.perCallMs} ms one at a time, ${cpu.perConcurrentCallMs} ms ${AGENT_SETTINGS.concurrency} at a time`,
      `  so ${AGENT_SETTINGS.concurrency} at once take at least ${AGENT_SETTINGS.concurrency} x ${cpu.perCallMs} / ${cpu.cores} cores = ${Math.round((AGENT_SETTINGS.concurrency * cpu.perCallMs) / cpu.cores)} ms, ${cpu.floorRatio}x one call's median`,
      `  (load average ${cpu.loadAverage}: other work inflates that median, and so lowers this floor)`,
    );
  }
  for (const t of agentTargets(result))
    lines.push(`  target: ${t.description}: ${t.actual ?? "n/a"}x ${t.met ? "MET" : "NOT MET"}`);
  return lines.join("\n");
}

export function agentJson(result: AgentResult) {
  return { settings: AGENT_SETTINGS, ...result, targets: agentTargets(result) };
}
