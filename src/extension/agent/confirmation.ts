// Markdown for the confirmation of a tool call: the code as it will run, fenced safely.

const TITLES: Record<string, string> = {
  python: "Python",
  ruby: "Ruby",
  quickjs: "JavaScript",
  clang: "C",
  clangpp: "C++",
  "php-cgi": "PHP",
  sqlite: "SQL",
};

const FENCE_LANGUAGES: Record<string, string> = {
  quickjs: "javascript",
  clang: "c",
  clangpp: "cpp",
  "php-cgi": "php",
  sqlite: "sql",
};

export function runtimeTitle(runtime: string | undefined): string {
  return (runtime && TITLES[runtime]) ?? "the";
}

/** A fence longer than any run of backticks in the text, so the text cannot end it early. */
export function codeBlock(text: string | undefined, runtime: string): string {
  const body = String(text ?? "");
  const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return `${fence}${FENCE_LANGUAGES[runtime] ?? runtime}\n${body}\n${fence}`;
}
