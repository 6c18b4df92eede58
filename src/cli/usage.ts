// Help text and the error for a wrong command line.

export class UsageError extends Error {}

export const USAGE = `Usage:
  runno run FILE [options] [-- ARGS...]   run FILE in the sandbox
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

Exit status of runno run: the program's own; 124 when the time limit stopped it;
137 when the sandbox stopped it for memory or output; 125 when the sandbox itself
failed or the command line was wrong.`;
