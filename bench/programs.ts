// The hello-world programs every contender runs, and the check that a run printed it.
import type { RuntimeName } from "../src/engine/api";

export type BenchRuntime = Exclude<RuntimeName, "wasi">;

export interface HelloProgram {
  runtime: BenchRuntime;
  /** File name of the program inside the sandbox. */
  name: string;
  source: string;
  /** Compiled runtimes run compile + link + run on each call. */
  compiled: boolean;
}

export const GREETING = "Hello, world!";

export const PROGRAMS: HelloProgram[] = [
  { runtime: "python", name: "main.py", source: `print("${GREETING}")\n`, compiled: false },
  { runtime: "ruby", name: "main.rb", source: `puts "${GREETING}"\n`, compiled: false },
  { runtime: "quickjs", name: "main.js", source: `console.log("${GREETING}");\n`, compiled: false },
  {
    runtime: "clang",
    name: "main.c",
    source: `#include <stdio.h>\n\nint main(void) {\n  printf("${GREETING}\\n");\n  return 0;\n}\n`,
    compiled: true,
  },
  {
    runtime: "clangpp",
    name: "main.cpp",
    source: `#include <iostream>\n\nint main() {\n  std::cout << "${GREETING}" << std::endl;\n  return 0;\n}\n`,
    compiled: true,
  },
  { runtime: "php-cgi", name: "main.php", source: `<?php\necho "${GREETING}\\n";\n`, compiled: false },
  { runtime: "sqlite", name: "main.sql", source: `select '${GREETING}';\n`, compiled: false },
];

/**
 * Whether stdout shows the greeting. Not an exact match: runno's php-cgi prints CGI
 * headers first and its sqlite shell prints a banner after the query.
 */
export function greeted(stdout: string): boolean {
  return stdout.split(/\r?\n/).includes(GREETING);
}
