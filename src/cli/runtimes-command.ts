// `runno runtimes`: one line per runtime.
import type { Engine } from "../engine";

export function runtimesCommand(engine: Engine): number {
  const rows = engine.runtimes().map((r) => [r.name, r.version, r.extensions.join(" "), r.origin]);
  const header = ["RUNTIME", "VERSION", "EXTENSIONS", "ORIGIN"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  for (const row of [header, ...rows]) {
    const cells = row.map((cell, i) => (i < row.length - 1 ? cell.padEnd(widths[i]) : cell));
    process.stdout.write(cells.join("  ") + "\n");
  }
  for (const r of engine.runtimes().filter((r) => r.differences)) {
    process.stdout.write(`\n${r.name} (${r.title} ${r.version}), licence ${r.license}; different from native:\n`);
    for (const difference of r.differences!) process.stdout.write(`  - ${difference}\n`);
  }
  for (const r of engine.runtimes().filter((r) => r.standards)) {
    process.stdout.write(`\n${r.name}: standards and flags\n`);
    process.stdout.write(
      `  standards: ${r.standards!.default} (default; --std or a test file's std: to change), ${r.standards!.known.join(" ")}\n`,
    );
    process.stdout.write(`  flags:     ${r.flags!.join(" ")}\n`);
    const pch = r.precompiledHeader;
    if (pch)
      process.stdout.write(
        `  precompiled: <${pch.include}> for ${pch.standards.join(" ")}, used when it is the program's first line of code\n`,
      );
  }
  return 0;
}
