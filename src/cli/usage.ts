// Help text and the error for a wrong command line.

export class UsageError extends Error {}

export const USAGE = `Usage:
  runno run FILE [options] [-- ARGS...]   run FILE in the sandbox
  runno test [PATHS...] [options]         run the checks in *.runno.yaml files
  runno runtimes                          list the runtimes
  runno --help | --version

runno run options:
  --runtime NAME       override the runtime inferred from FILE's extension
                       (.py .rb .js .mjs .c .cpp .cc .cxx .php .sql .wasm)
  --stdin FILE         program stdin from FILE; without it, this process's stdin
                       (interactive when it is a terminal)
  --timeout SECONDS    wall-clock limit (default 10)
  --memory MIB         wasm memory limit (default 512)
  --dir HOST[::GUEST]  mount a host directory, copied into the sandbox (repeatable);
                       GUEST defaults to HOST as written
  --env KEY=VALUE      guest environment variable (repeatable)

runno test options (PATHS: files or folders, default the current folder):
  --reporter NAME      spec (default), tap, junit (JUnit XML), json
  --output FILE        write the report to FILE instead of stdout
  --jobs N             cases run in parallel (default: the number of CPU cores)
  --grep PATTERN       run only cases whose name matches
  --bail               stop at the first failure

Exit status of runno test: 0 when every case passed, 1 when any failed, 2 when a
test file was invalid or the command line was wrong.

Exit status of runno run: the program's own; 124 when the time limit stopped it;
137 when the sandbox stopped it for memory or output; 125 when the sandbox itself
failed or the command line was wrong.`;
