// `runno import [PATHS...] [--solution FILE] [--force]`: write the *.runno.yaml equivalent of test data in other formats.
import { access, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import type { Engine } from "../engine";
import { testFileToYaml, runtimeNamesOf, formatProblem } from "../testing";
import { findSources } from "./find-sources";
import { parseCommandLine, UsageError } from "./usage";

export async function importCommand(engine: Engine, argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine({
    args: argv,
    allowPositionals: true,
    options: { solution: { type: "string" }, force: { type: "boolean", default: false } },
  });
  const cwd = process.cwd();
  const shown = (path: string) => relative(cwd, path) || path;
  const solution = values.solution === undefined ? undefined : resolve(cwd, values.solution);
  const found = await findSources(positionals.length > 0 ? positionals : ["."], cwd, runtimeNamesOf(engine), {
    solution,
  });
  if (found.sources.length === 0)
    throw new UsageError(
      `nothing to import under ${positionals.join(" ") || "."}: no problem package, .in/.out folder, cph .prob or Classroom autograding`,
    );
  let failed = false;
  for (const source of found.sources) {
    const loaded = await source.load();
    if (!loaded.ok) {
      failed = true;
      for (const problem of loaded.problems)
        process.stderr.write(`runno: ${formatProblem({ ...problem, path: shown(problem.path) })}\n`);
      continue;
    }
    const yaml = testFileToYaml(loaded.file, shown(source.path));
    const target = join(dirname(loaded.file.path), yaml.fileName);
    if (
      !values.force &&
      (await access(target).then(
        () => true,
        () => false,
      ))
    ) {
      process.stderr.write(`runno: ${shown(target)} exists; not overwritten (--force to replace it)\n`);
      failed = true;
      continue;
    }
    await writeFile(target, yaml.text);
    process.stdout.write(`wrote ${shown(target)} (${loaded.file.cases.length} cases)\n`);
    for (const note of yaml.notes) process.stdout.write(`  note: ${note}\n`);
  }
  return failed ? 1 : 0;
}
