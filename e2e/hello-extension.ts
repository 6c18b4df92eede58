// A throwaway extension written and packaged at test time, to prove the harness works
// without depending on the product's own build.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { packageExtension } from "./harness";

export const helloCommandTitle = "E2E Hello: Say Hello";
export const helloTerminalLine = "Hello from a pseudoterminal";
export const helloNotification = "Hello from the e2e extension";
export const helloRunTestsTitle = "E2E Hello: Run Tests";
export const helloSuiteLabel = "hello suite";
export const helloTestLabel = "greets world";

const manifest = {
  name: "e2e-hello",
  displayName: "E2E Hello",
  description: "Throwaway extension for the e2e harness smoke test.",
  publisher: "runno-e2e",
  version: "0.0.1",
  license: "MIT",
  engines: { vscode: "^1.90.0" },
  // The same file serves both hosts: code-server runs `main` in its Node extension host
  // unless the user setting remote.extensionKind says "ui", which picks `browser`.
  main: "./extension.js",
  browser: "./extension.js",
  // Without this, VS Code disables the extension in Restricted Mode.
  capabilities: { untrustedWorkspaces: { supported: true } },
  // So the test controller exists before any command is run.
  activationEvents: ["onStartupFinished"],
  contributes: {
    commands: [
      { command: "e2eHello.sayHello", title: "Say Hello", category: "E2E Hello" },
      { command: "e2eHello.runTests", title: "Run Tests", category: "E2E Hello" },
    ],
  },
};

// Plain CommonJS: this is what runs inside code-server's extension host.
const extensionSource = `
const vscode = require("vscode");

exports.activate = function activate(context) {
  context.subscriptions.push(vscode.commands.registerCommand("e2eHello.sayHello", () => {
    const writeEmitter = new vscode.EventEmitter();
    const pty = {
      onDidWrite: writeEmitter.event,
      open: () => {
        writeEmitter.fire(${JSON.stringify(helloTerminalLine)} + "\\r\\n");
        writeEmitter.fire("trusted=" + vscode.workspace.isTrusted + "\\r\\n");
        writeEmitter.fire("host=" + (typeof process === "object" ? "node" : "web") + "\\r\\n");
      },
      close: () => {},
    };
    vscode.window.createTerminal({ name: "E2E Hello", pty }).show();
    vscode.window.showInformationMessage(${JSON.stringify(helloNotification)});
  }));

  // One suite holding one test that always passes, run from the Testing view or by the extension itself.
  const controller = vscode.tests.createTestController("e2eHello", "E2E Hello");
  context.subscriptions.push(controller);
  const suite = controller.createTestItem("suite", ${JSON.stringify(helloSuiteLabel)});
  suite.children.add(controller.createTestItem("greets", ${JSON.stringify(helloTestLabel)}));
  controller.items.add(suite);
  const run = (request) => {
    const testRun = controller.createTestRun(request);
    suite.children.forEach((item) => testRun.passed(item, 12));
    testRun.end();
  };
  controller.createRunProfile("Run", vscode.TestRunProfileKind.Run, run, true);
  context.subscriptions.push(vscode.commands.registerCommand("e2eHello.runTests", () => run(new vscode.TestRunRequest())));
};

exports.deactivate = function deactivate() {};
`;

/** Writes the extension into dir and packages it; returns the .vsix path. */
export async function packHelloExtension(dir: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), JSON.stringify(manifest, null, 2));
  writeFileSync(join(dir, "extension.js"), extensionSource);
  writeFileSync(join(dir, "README.md"), "# E2E Hello\n\nA throwaway extension for the e2e tests.\n");
  writeFileSync(join(dir, "LICENSE"), "MIT\n");
  return packageExtension(dir, join(dir, "e2e-hello.vsix"));
}
