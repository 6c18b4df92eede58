// `runno mcp`: the MCP server on this process's stdin/stdout, until the client goes away.
import { availableParallelism } from "node:os";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { SandboxEngine, type Platform } from "../engine";
import { createMcpServer } from "../mcp/server";
import { parseCommandLine, UsageError } from "./usage";

export async function mcpCommand(platform: Platform, argv: string[], version: string): Promise<number> {
  const { values } = parseCommandLine({ args: argv, options: { jobs: { type: "string" } }, allowPositionals: false });
  const jobs = values.jobs === undefined ? availableParallelism() : Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1)
    throw new UsageError(`--jobs takes a positive whole number, not "${values.jobs}"`);
  const engine = new SandboxEngine(platform, { workers: jobs });
  const server = createMcpServer(engine, { version, jobs });
  // Python is what agents run most: have it loaded before the first call.
  engine.warmUp("python").catch(() => {});
  const closed = new Promise<void>((resolve) => {
    server.server.onclose = () => resolve();
    process.stdin.on("end", () => resolve());
  });
  try {
    await server.connect(new StdioServerTransport());
    await closed;
    await server.close();
  } finally {
    await engine.dispose();
  }
  return 0;
}
