// A test-only extension that calls Runno's language-model tools with vscode.lm.invokeTool, as
// Copilot's agent mode or another extension would, and writes what came back to the workspace.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { packageExtension } from "./harness";

export const lmCommandTitle = "E2E LM: Invoke Runno Tools";
export const LM_EXTENSION_ID = "runno-e2e.e2e-lm";
/** Written into the workspace's folder by the command. */
export const LM_RESULTS_FILE = "lm-results.json";

/** The calls the command makes, in order; each key names its entry in the results file. */
export const LM_CALLS: [string, string, Record<string, unknown>][] = [
  [
    "runCode",
    "runno_runCode",
    {
      runtime: "python",
      code: "import sys\nname = input()\nprint(f'Hello, {name}!', sys.argv[1:], open('in.txt').read())\nopen('report.txt', 'w').write(name.upper())\n",
      stdin: "Ada\n",
      args: ["--flag"],
      files: [{ path: "in.txt", content: "given" }],
    },
  ],
  [
    "runC",
    "runno_runCode",
    { runtime: "clang", code: '#include <stdio.h>\nint main(void) { puts("from C"); return 3; }\n' },
  ],
  [
    "timeout",
    "runno_runCode",
    {
      runtime: "python",
      code: "open('so-far.txt', 'w').write('partial')\nprint('spinning', flush=True)\nwhile True: pass\n",
      timeout: 1,
    },
  ],
  [
    "runTests",
    "runno_runTests",
    {
      runtime: "python",
      code: "a, b = map(int, input().split())\nprint(a * b)\n",
      tests: [
        { name: "small", stdin: "2 3\n", stdout: "6\n" },
        { name: "wrong on purpose", stdin: "2 2\n", stdout: "5\n" },
      ],
    },
  ],
  ["badInput", "runno_runCode", { runtime: "cobol", code: "DISPLAY 'HI'." }],
];

const manifest = {
  name: "e2e-lm",
  displayName: "E2E LM",
  description: "Test-only extension: invokes Runno's language-model tools.",
  publisher: "runno-e2e",
  version: "0.0.1",
  license: "MIT",
  engines: { vscode: "^1.95.0" },
  main: "./extension.js",
  browser: "./extension.js",
  capabilities: { untrustedWorkspaces: { supported: true } },
  activationEvents: ["onStartupFinished"],
  contributes: { commands: [{ command: "e2eLm.invokeTools", title: "Invoke Runno Tools", category: "E2E LM" }] },
};

const extensionSource = `
const vscode = require("vscode");
const CALLS = ${JSON.stringify(LM_CALLS)};

exports.activate = function activate(context) {
  context.subscriptions.push(vscode.commands.registerCommand("e2eLm.invokeTools", async () => {
    const results = {
      host: typeof process === "object" && process.versions && process.versions.node ? "node" : "web",
      trusted: vscode.workspace.isTrusted,
      tools: vscode.lm.tools.filter((t) => t.name.startsWith("runno_")).map((t) => t.name),
    };
    for (const [key, tool, input] of CALLS) {
      try {
        const result = await vscode.lm.invokeTool(tool, { input, toolInvocationToken: undefined });
        results[key] = { parts: result.content.map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : "(not text)")) };
      } catch (error) {
        results[key] = { error: String((error && error.message) || error) };
      }
    }
    const folder = vscode.workspace.workspaceFolders[0].uri;
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, ${JSON.stringify(LM_RESULTS_FILE)}), new TextEncoder().encode(JSON.stringify(results)));
  }));
};

exports.deactivate = function deactivate() {};
`;

/** Writes the extension into dir and packages it; returns the .vsix path. */
export async function packLmExtension(dir: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), JSON.stringify(manifest, null, 2));
  writeFileSync(join(dir, "extension.js"), extensionSource);
  writeFileSync(join(dir, "README.md"), "# E2E LM\n\nA test-only extension for the e2e tests.\n");
  writeFileSync(join(dir, "LICENSE"), "MIT\n");
  return packageExtension(dir, join(dir, "e2e-lm.vsix"));
}
