/**
 * 2025-09 `submissions/submissions.yaml`: what submissions must get, by glob over their names
 * (`accepted/*`, `mixed/greedy.py`), on top of what their folder says: `permitted` and
 * `required` verdicts over all cases, or over the cases of a test data path
 * (`secret/huge: { permitted: [TLE] }`). A submission in a folder the format does not name runs
 * when a glob here matches it. Descriptive keys (language, entrypoint, authors, model_solution,
 * message, use_for_time_limit, score) are accepted and not used.
 */
import picomatch from "picomatch";
import type { TestFileProblem } from "../../model";
import { isRecord, YamlConfig, type KeyPath } from "../yaml-config";
import type { Expectation, ShortVerdict } from "./expectations";

export const SUBMISSIONS_YAML = "submissions/submissions.yaml";

/** An expectation with where it applies and where it comes from, for the report. */
export interface ScopedExpectation extends Expectation {
  /** A test data path (`secret/huge`, `sample`): only the cases at or under it; all cases when unset. */
  cases?: string;
  /** Where the rule comes from, e.g. `submissions.yaml "accepted/*"`; unset for the folder's own rule. */
  source?: string;
}

export interface SubmissionRules {
  /** The rules of the globs matching a submission's name (`accepted/sol.py`), in file order. */
  expectationsOf(name: string): ScopedExpectation[];
}

const VERDICTS: ShortVerdict[] = ["AC", "WA", "TLE", "RTE"];
const DESCRIPTIVE_KEYS = [
  "language",
  "entrypoint",
  "authors",
  "author",
  "model_solution",
  "message",
  "use_for_time_limit",
  "score",
];
const EXPECTATION_KEYS = ["permitted", "required"];
const TEST_DATA_KEY = /^(sample|secret|\*)/;

export function parseSubmissionsYaml(
  path: string,
  text: string,
): { rules: SubmissionRules; problems: TestFileProblem[] } {
  const yaml = YamlConfig.parse(path, text);
  const entries: { matches: (name: string) => boolean; expectations: ScopedExpectation[] }[] = [];
  const data = yaml.data ?? {};
  if (yaml.problems.length === 0 && !isRecord(data))
    yaml.problem([], 'submissions.yaml maps globs of submissions to what they must get, e.g. "accepted/*": { ... }');
  else if (isRecord(data)) {
    for (const [pattern, value] of Object.entries(data)) {
      if (!isRecord(value)) {
        yaml.problem([pattern], `"${pattern}" maps to a mapping such as { permitted: [AC, TLE] }`);
        continue;
      }
      const source = `submissions.yaml "${pattern}"`;
      const expectations: ScopedExpectation[] = [];
      const own = readExpectation(yaml, value, [pattern]);
      if (own) expectations.push({ ...own, source });
      for (const [key, scoped] of Object.entries(value)) {
        if (DESCRIPTIVE_KEYS.includes(key) || EXPECTATION_KEYS.includes(key)) continue;
        if (!TEST_DATA_KEY.test(key)) {
          yaml.problem(
            [pattern, key],
            `unknown key "${key}" in "${pattern}" (known: ${[...EXPECTATION_KEYS, ...DESCRIPTIVE_KEYS].join(", ")}, or a test data path such as secret/group1)`,
          );
          continue;
        }
        if (!isRecord(scoped)) {
          yaml.problem([pattern, key], `"${key}" maps to a mapping such as { permitted: [TLE] }`);
          continue;
        }
        yaml.unknownKeys(scoped, [pattern, key], [...EXPECTATION_KEYS, "score", "message"], `"${pattern}" ${key}`);
        const expectation = readExpectation(yaml, scoped, [pattern, key]);
        if (expectation) expectations.push({ ...expectation, cases: key, source: `${source} on ${key}` });
      }
      entries.push({ matches: picomatch(pattern, { dot: true }), expectations });
    }
  }
  return {
    rules: { expectationsOf: (name) => entries.filter((e) => e.matches(name)).flatMap((e) => e.expectations) },
    problems: yaml.problems,
  };
}

/** `permitted` and `required` of a mapping; undefined when it sets neither. */
function readExpectation(yaml: YamlConfig, value: Record<string, unknown>, path: KeyPath): Expectation | undefined {
  const list = (key: string): ShortVerdict[] | undefined => {
    const verdicts = value[key];
    if (verdicts === undefined) return undefined;
    if (Array.isArray(verdicts) && verdicts.length > 0 && verdicts.every((v) => VERDICTS.includes(v as ShortVerdict)))
      return verdicts as ShortVerdict[];
    yaml.problem([...path, key], `${key} is a list of verdicts among ${VERDICTS.join(", ")}, e.g. [AC, TLE]`);
    return undefined;
  };
  const permitted = list("permitted");
  const required = list("required");
  if (!permitted && !required) return undefined;
  return { permitted: permitted ?? VERDICTS, required: required ?? VERDICTS };
}

/** Whether the case named `name` (`secret/huge/01`) is at or under the test data path glob `scope`. */
export function inScope(scope: string, name: string): boolean {
  const matches = picomatch(scope, { dot: true });
  const parts = name.split("/");
  return parts.some((_, i) => matches(parts.slice(0, i + 1).join("/")));
}
