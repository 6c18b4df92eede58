// The `runno` command: dispatch to a subcommand, and turn every error into one line.
import { bundledNodePlatform } from "../engine/platform/node";
import { SandboxEngine } from "../engine";
import { runCommand, EXIT_SANDBOX_ERROR } from "./run-command";
import { importCommand } from "./import-command";
import { reportCommand } from "./report-command";
import { mcpCommand } from "./mcp-command";
import { runtimesCommand } from "./runtimes-command";
import { EXIT_INVALID, testCommand } from "./test-command";
import { USAGE, UsageError } from "./usage";
import { MountError } from "./host-files";

declare const __VERSION__: string;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    process.stdout.write(USAGE + "\n");
    return command === undefined ? EXIT_SANDBOX_ERROR : 0;
  }
  if (command === "--version" || command === "-v") {
    process.stdout.write(`runno ${__VERSION__}\n`);
    return 0;
  }
  if (command === "report") return reportCommand(rest);
  const platform = bundledNodePlatform(__dirname);
  if (command === "test") return testCommand(platform, rest);
  if (command === "mcp") return mcpCommand(platform, rest, __VERSION__);
  if (command === "run") return runCommand(platform, rest);
  const engine = new SandboxEngine(platform, { traceSyscalls: Boolean(process.env.RUNNO_TRACE) });
  try {
    switch (command) {
      case "runtimes":
        return runtimesCommand(engine);
      case "import":
        return await importCommand(engine, rest);
      default:
        throw new UsageError(`unknown command "${command}" (try runno --help)`);
    }
  } finally {
    await engine.dispose();
  }
}

// A reader that goes away (`runno runtimes | head`) ends the command quietly, as Unix tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
}

const argv = process.argv.slice(2);
// `runno test` exits 2 on a wrong command line, as test runners do; `runno run` 125, as `timeout` does.
const failureExit = argv[0] === "test" || argv[0] === "report" ? EXIT_INVALID : EXIT_SANDBOX_ERROR;

main(argv).then(
  (code) => {
    process.exitCode = code;
    // Interactive stdin would keep the process alive after the program ended.
    process.stdin.destroy();
  },
  (error) => {
    const known = error instanceof UsageError || error instanceof MountError;
    const message = known ? error.message : `internal error: ${error instanceof Error ? error.message : error}`;
    process.stderr.write(`runno: ${message}\n`);
    if (process.env.RUNNO_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    process.exitCode = failureExit;
    process.stdin.destroy();
  },
);
