/**
 * `runno mcp`: an MCP server with one warm engine behind its tools. Calls run in parallel
 * (up to the engine's workers, then queued); every run has the tools' limits.
 */
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult, ToolAnnotations } from "@modelcontextprotocol/sdk/types.js";
import type { Engine } from "../engine";
import { EngineSandbox } from "../library/sandbox";
import { LIST_RUNTIMES_DESCRIPTION, RUN_CODE_DESCRIPTION, RUN_TESTS_DESCRIPTION } from "../tools/descriptions";
import type { ToolReport } from "../tools/report";
import { runCodeTool } from "../tools/run-code";
import { runTestsTool } from "../tools/run-tests";
import { runCodeShape, runTestsShape } from "../tools/schemas";

/**
 * True of every tool: a run changes nothing outside its sandbox (readOnly: no side effects
 * on the host), the same input gives the same kind of answer (idempotent), and nothing
 * outside is reached (no network: a closed world).
 */
const ANNOTATIONS: ToolAnnotations = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: false,
};

export function createMcpServer(engine: Engine, options: { version: string; jobs: number }): McpServer {
  const server = new McpServer({ name: "runno-sandbox", version: options.version });
  const sandbox = new EngineSandbox(engine);

  server.registerTool(
    "run_code",
    {
      title: "Run code in the sandbox",
      description: RUN_CODE_DESCRIPTION,
      inputSchema: runCodeShape,
      annotations: ANNOTATIONS,
    },
    async (input, extra) => toCallToolResult(await runCodeTool(sandbox, input, extra.signal)),
  );
  server.registerTool(
    "run_tests",
    {
      title: "Check code against examples",
      description: RUN_TESTS_DESCRIPTION,
      inputSchema: runTestsShape,
      annotations: ANNOTATIONS,
    },
    async (input, extra) => toCallToolResult(await runTestsTool(engine, input, options.jobs, extra.signal)),
  );
  server.registerTool(
    "list_runtimes",
    { title: "List the sandbox's runtimes", description: LIST_RUNTIMES_DESCRIPTION, annotations: ANNOTATIONS },
    async () => {
      const runtimes = sandbox.runtimes().filter((r) => r.name !== "wasi");
      const text = runtimes.map((r) => `${r.name}: ${r.title} ${r.version} (${r.extensions.join(" ")})`).join("\n");
      return { content: [{ type: "text", text }], structuredContent: { runtimes }, isError: false };
    },
  );
  return server;
}

/** Text first, then each file the program made as an embedded resource. */
export function toCallToolResult(report: ToolReport): CallToolResult {
  const content: CallToolResult["content"] = [{ type: "text", text: report.text }];
  for (const file of report.files) {
    const uri = `sandbox:///${file.path.split("/").map(encodeURIComponent).join("/")}`;
    content.push({
      type: "resource",
      resource:
        file.text !== undefined
          ? { uri, mimeType: file.mimeType, text: file.text }
          : { uri, mimeType: file.mimeType, blob: file.base64! },
    });
  }
  return { content, isError: report.isError, ...(report.structured && { structuredContent: report.structured }) };
}
