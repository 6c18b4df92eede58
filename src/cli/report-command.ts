// `runno report merge FILES... [--output FILE]`: join the reports of a sharded run.
import { readFile, writeFile } from "node:fs/promises";
import { mergeReports, ReportFormatError } from "../testing/reports";
import { EXIT_ALL_PASSED, EXIT_INVALID, EXIT_SOME_FAILED } from "./test-command";
import { parseCommandLine, UsageError } from "./usage";

export async function reportCommand(argv: string[]): Promise<number> {
  const [action, ...rest] = argv;
  if (action !== "merge")
    throw new UsageError(
      `runno report takes "merge" (runno report merge REPORTS... [--output FILE]), not "${action ?? ""}"`,
    );
  const { values, positionals } = parseCommandLine({
    args: rest,
    allowPositionals: true,
    options: { output: { type: "string" } },
  });
  if (positionals.length === 0) throw new UsageError("runno report merge needs the report files to merge");
  const reports = await Promise.all(
    positionals.map(async (name) => {
      try {
        return { name, text: await readFile(name, "utf8") };
      } catch (error) {
        throw new UsageError(`cannot read ${name}: ${(error as NodeJS.ErrnoException).code ?? error}`);
      }
    }),
  );
  let merged;
  try {
    merged = mergeReports(reports);
  } catch (error) {
    if (error instanceof ReportFormatError) throw new UsageError(error.message);
    throw error;
  }
  if (values.output !== undefined) await writeFile(values.output, merged.text);
  else process.stdout.write(merged.text);
  // As runno test's: the merged run failed when any shard did.
  return merged.invalid ? EXIT_INVALID : merged.failed ? EXIT_SOME_FAILED : EXIT_ALL_PASSED;
}
