// Help text, the error for a wrong command line, and the parsing that raises it.
import { parseArgs, type ParseArgsConfig } from "node:util";
import { DEFAULT_LIMITS, MiB } from "../engine";

export class UsageError extends Error {}

/** node:util's parseArgs, with its errors turned into one-line UsageErrors. */
export function parseCommandLine<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message.split("\n")[0] : String(error));
  }
}

export const USAGE = `Usage:
  runno run FILE [options] [-- ARGS...]   run FILE in the sandbox
  runno test [PATHS...] [options]         run the checks in *.runno.yaml files, and test
                                          data in other formats found in PATHS: problem
                                          packages, .in/.out folders, cph, Classroom
  runno import [PATHS...] [--solution FILE] [--force]
                                          write those as *.runno.yaml files
  runno report merge REPORTS... [--output FILE]
                                          join the JSON or JUnit reports of shards
  runno runtimes                          list the runtimes
  runno mcp [--jobs N]                    serve run_code, run_tests, list_runtimes to an
                                          MCP client on stdin/stdout (N runs at once)
  runno --help | --version

runno run options:
  --runtime NAME       override the runtime inferred from FILE's extension
                       (.py .rb .js .mjs .c .cpp .cc .cxx .php .sql .wasm)
  --std STD            C/C++ language standard, as -std= (default gnu17 for C,
                       gnu++17 for C++)
  --stdin FILE         program stdin from FILE; without it, this process's stdin
                       (interactive when it is a terminal)
  --timeout SECONDS    wall-clock limit (default ${DEFAULT_LIMITS.timeMs / 1000})
  --memory MIB         wasm memory limit (default ${DEFAULT_LIMITS.memoryBytes / MiB})
  --dir HOST[::GUEST]  mount a host directory, copied into the sandbox (repeatable);
                       GUEST defaults to HOST as written
  --env KEY=VALUE      guest environment variable (repeatable)
  --json               print the result as one JSON object on stdout (outcome, exit
                       code, stdout, stderr, files the program created or changed)
  --files-out DIR      write the files the program created or changed under DIR
  --no-cache           compile C/C++ again instead of reusing the program compiled
                       from the same files by an earlier run (see runno test)

runno test options (PATHS: files or folders, default the current folder):
  --reporter NAME      spec (default), tap, junit (JUnit XML), json
  --output FILE        write the report to FILE instead of stdout
  --jobs N             cases run in parallel (default: the number of CPU cores)
  --grep PATTERN       run only cases whose name matches
  --bail               stop at the first failure
  --solution FILE      run FILE against the problem packages and .in/.out folders
  --submissions        run the submissions of the problem packages; exit 0 only when
                       each got the verdicts its folder (accepted, wrong_answer, ...)
                       expects
  --shard I/N          run only the I-th of N shares of all cases (for a CI matrix);
                       every case runs in exactly one of the N
  --shard-by WHAT      balance the shares by size (default: the bytes of each case's
                       data) or count
  --time-multiplier X  multiply native time limits (time_limit) by X instead of the
                       runtime's measured slowdown
  --no-cache           compile C/C++ again instead of reusing the program compiled
                       from the same files by an earlier run (kept in
                       $RUNNO_CACHE_DIR, default runno-sandbox/compiled under
                       $XDG_CACHE_HOME or ~/.cache)

Exit status of runno test: 0 when every case passed, 1 when any failed, 2 when a
test file was invalid or the command line was wrong.

Exit status of runno run: the program's own; 124 when the time limit stopped it;
137 when the sandbox stopped it for memory or output; 125 when the sandbox itself
failed or the command line was wrong.`;
