/**
 * The agent tools' inputs, one definition for the MCP server and the VS Code language-model
 * tools: validated with zod, and published as JSON Schema (MCP lists them; package.json
 * holds the same for VS Code, checked against these by a test).
 */
import * as z from "zod";

/** Tools may ask for at most this much time per run; the engine enforces it. */
export const MAX_TIMEOUT_S = 60;
export const DEFAULT_TIMEOUT_S = 10;

const RUNTIMES = ["python", "ruby", "quickjs", "clang", "clangpp", "php-cgi", "sqlite"] as const;

const runtime = z
  .enum(RUNTIMES)
  .describe(
    "python (3.11), ruby (3.2), quickjs (JavaScript), clang (C), clangpp (C++), php-cgi (PHP 8.2), sqlite (SQL)",
  );
const code = z
  .string()
  .max(1024 * 1024)
  .describe("The whole program's source code");
const stdin = z
  .string()
  .max(8 * 1024 * 1024)
  .describe("Text given to the program on standard input");

export const runCodeShape = {
  runtime,
  code,
  stdin: stdin.optional(),
  files: z
    .array(
      z.object({
        path: z
          .string()
          .min(1)
          .max(1024)
          .describe("Relative path in the program's working directory, e.g. data/input.csv"),
        content: z.string().max(8 * 1024 * 1024),
        encoding: z.enum(["utf8", "base64"]).optional().describe("How content is encoded (default utf8)"),
      }),
    )
    .max(1000)
    .optional()
    .describe("Extra files the program can read, next to it"),
  args: z.array(z.string().max(4096)).max(256).optional().describe("Command-line arguments"),
  timeout: z
    .number()
    .positive()
    .max(MAX_TIMEOUT_S)
    .optional()
    .describe(`Seconds the program may run (default ${DEFAULT_TIMEOUT_S}, at most ${MAX_TIMEOUT_S})`),
};

export const runTestsShape = {
  runtime,
  code,
  tests: z
    .array(
      z.object({
        name: z.string().min(1).max(200).optional().describe("A name for the case (default: case N)"),
        stdin: stdin.optional(),
        stdout: z
          .string()
          .max(8 * 1024 * 1024)
          .describe("The expected standard output"),
        match: z
          .enum(["lines", "exact", "contains", "regex"])
          .optional()
          .describe(
            "lines (default: line by line, ignoring trailing spaces and blank lines), exact, contains, or regex (RE2)",
          ),
      }),
    )
    .min(1)
    .max(100),
  timeout: z
    .number()
    .positive()
    .max(MAX_TIMEOUT_S)
    .optional()
    .describe(`Seconds each case may run (default ${DEFAULT_TIMEOUT_S}, at most ${MAX_TIMEOUT_S})`),
};

export const runCodeInput = z.object(runCodeShape);
export const runTestsInput = z.object(runTestsShape);
export type RunCodeInput = z.infer<typeof runCodeInput>;
export type RunTestsInput = z.infer<typeof runTestsInput>;

/** The first problem of invalid input, as one line that says what to fix. */
export function inputProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  const where = issue.path.length > 0 ? issue.path.join(".") : "input";
  return `invalid ${where}: ${issue.message}`;
}

/** The inputs as JSON Schema, as package.json's `languageModelTools` declares them for VS Code. */
export function inputJsonSchema(schema: typeof runCodeInput | typeof runTestsInput): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema) as Record<string, unknown>;
  return rest;
}
