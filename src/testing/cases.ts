/**
 * Turns a parsed test file into the cases that run: each `cases:` generator becomes a case
 * per input file, paired with its answer, in sorted order, in the generator's place; every
 * file named as case data must exist. Problems name the file, so a package with a missing
 * answer says which.
 */
import type { CaseData, CaseGenerator, TestCase, TestFile, TestFileProblem } from "./model";
import type { TestHost } from "./host";

export interface ExpandedFile {
  file: TestFile;
  problems: TestFileProblem[];
}

/** The file with its generators expanded and its data files checked; `problems` when not. */
export async function expandCases(
  file: TestFile,
  host: Pick<TestHost, "dirname" | "join" | "glob" | "size">,
): Promise<ExpandedFile> {
  const folder = host.dirname(file.path);
  const problems: TestFileProblem[] = [];
  const problem = (testCase: Pick<TestCase, "span">, message: string) =>
    problems.push({ path: file.path, position: testCase.span.start, message });

  const generated = await Promise.all(
    file.generators.map((generator) => generate(generator, folder, host, (message) => problem(generator, message))),
  );
  const cases = [...file.cases, ...generated.flat()].sort((a, b) => compareSpans(a, b));

  const names = new Map<string, TestCase>();
  for (const testCase of cases) {
    // `contains` and `regex` need the whole expected text; a file is compared as it streams.
    const kind = testCase.match.kind;
    if (
      (kind === "contains" || kind === "regex") &&
      (testCase.stdout?.kind === "file" || testCase.stderr?.kind === "file")
    ) {
      problem(
        testCase,
        `\`match: ${kind}\` needs the expected output as text, not a file (case "${testCase.name}"); use exact, lines, numeric or tokens`,
      );
    }
    const earlier = names.get(testCase.name);
    if (earlier && testCase.generatedFrom)
      problem(
        testCase,
        `the case "${testCase.name}" made from ${testCase.generatedFrom} has the name of another case (line ${earlier.span.start.line})`,
      );
    names.set(testCase.name, testCase);
  }
  // Data named by hand must be there before anything runs.
  await Promise.all(
    file.cases.map(async (testCase) => {
      for (const stream of ["stdin", "stdout", "stderr"] as const) {
        const data = testCase[stream];
        if (data?.kind !== "file") continue;
        if ((await host.size(host.join(folder, data.path))) === undefined) {
          problem(testCase, `${stream} file ${data.path} does not exist (case "${testCase.name}")`);
        }
      }
    }),
  );
  if (file.checker && (await host.size(host.join(folder, file.checker.entry))) === undefined) {
    problems.push({
      path: file.path,
      position: file.checker.span.start,
      message: `the checker "${file.checker.entry}" does not exist next to this test file`,
    });
  }
  problems.sort((a, b) => a.position.line - b.position.line || a.position.column - b.position.column);
  return { file: { ...file, cases, generators: [] }, problems };
}

async function generate(
  generator: CaseGenerator,
  folder: string,
  host: Pick<TestHost, "join" | "glob" | "size">,
  problem: (message: string) => void,
): Promise<TestCase[]> {
  const inputs = await host.glob(folder, generator.inputs);
  if (inputs.length === 0) {
    problem(`cases: "${generator.inputs}" matches no file`);
    return [];
  }
  const cases: TestCase[] = [];
  for (const input of inputs) {
    const stem = input.replace(/\.[^./]*$/, "");
    const candidates = generator.answerExtensions.map((ext) => stem + ext);
    let answer: string | undefined;
    for (const candidate of candidates) {
      if ((await host.size(host.join(folder, candidate))) !== undefined) {
        answer = candidate;
        break;
      }
    }
    if (!answer) {
      problem(`${input} has no answer file: no ${candidates.join(" or ")}`);
      continue;
    }
    cases.push(generatedCase(generator, stem, { kind: "file", path: input }, { kind: "file", path: answer }, input));
  }
  return cases;
}

function generatedCase(
  generator: CaseGenerator,
  name: string,
  stdin: CaseData,
  stdout: CaseData,
  input: string,
): TestCase {
  return {
    ...generator.template,
    name,
    span: generator.span,
    stdin,
    stdout,
    files: {},
    spans: {},
    generatedFrom: input,
  };
}

/** Cases in the order of the YAML file; generated ones keep their sorted order at their entry. */
function compareSpans(a: TestCase, b: TestCase): number {
  return a.span.start.line - b.span.start.line || a.span.start.column - b.span.start.column;
}
