// The layering of src/, checked in `npm test` (test/layering.test.ts) and by `npm run lint:deps`.
// extension and cli on top, the test runner (src/testing) in the middle, the engine at the bottom.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "vscode-only-in-extension",
      comment: "Only src/extension may import vscode: the engine, the runner and the CLI run without VS Code.",
      severity: "error",
      from: { path: "^src/", pathNot: "^src/extension/" },
      to: { path: "^vscode$", dependencyTypes: ["core", "npm", "unknown", "undetermined", "type-only"] },
    },
    {
      name: "engine-is-the-bottom",
      comment: "The engine knows nothing of the runner, the CLI or the extension.",
      severity: "error",
      from: { path: "^src/engine/" },
      to: { path: "^src/(testing|cli|extension)/" },
    },
    {
      name: "runner-gets-its-engine-injected",
      comment:
        "The runner reaches the engine only through its public entry (index.ts) and types (api.ts): never its host, pool, platforms, worker or wire.",
      severity: "error",
      from: { path: "^src/testing/" },
      to: { path: "^src/engine/", pathNot: "^src/engine/(index|api)\\.ts$" },
    },
    {
      name: "runner-below-its-users",
      comment: "The runner knows nothing of the CLI or the extension that use it.",
      severity: "error",
      from: { path: "^src/testing/" },
      to: { path: "^src/(cli|extension)/" },
    },
    {
      name: "cli-and-extension-apart",
      comment: "The CLI and the extension are separate front ends: share code through the runner or the engine.",
      severity: "error",
      from: { path: "^src/(cli|extension)/" },
      to: { path: "^src/(cli|extension)/", pathNot: "^src/$1/" },
    },
    {
      name: "front-ends-use-public-entries",
      comment:
        "The CLI, the extension, the MCP server, the agent tools and the library use the engine and the runner through their public entries: src/engine/index.ts (and the platform picked at start, platform/node.ts or web.ts), src/testing/index.ts (and reports.ts for Node front ends).",
      severity: "error",
      from: { path: "^src/(cli|extension|mcp|tools|library)/" },
      to: {
        path: "^src/(engine|testing)/",
        pathNot: ["^src/engine/(index|platform/node|platform/web)\\.ts$", "^src/testing/(index|reports)\\.ts$"],
      },
    },
    {
      name: "worker-depends-on-the-wire",
      comment:
        "The worker side imports nothing of the engine but its own folder and the wire (src/engine/wire/: the protocol, the shared-memory formats, what both sides share).",
      severity: "error",
      from: { path: "^src/engine/worker/" },
      to: { path: "^src/engine/", pathNot: ["^src/engine/worker/", "^src/engine/wire/"] },
    },
    {
      name: "wire-is-a-leaf",
      comment: "The wire is shared by host and worker: it imports only itself and the engine's public types (api.ts).",
      severity: "error",
      from: { path: "^src/engine/wire/" },
      to: { path: "^src/", pathNot: ["^src/engine/wire/", "^src/engine/api\\.ts$"] },
    },
    {
      name: "node-builtins-only-in-node-seams",
      comment:
        "The extension also runs in a browser (vscode.dev): Node's modules only in the CLI and the Node platform files.",
      severity: "error",
      from: {
        path: "^src/",
        pathNot: [
          "^src/cli/",
          "^src/engine/platform/node\\.ts$",
          "^src/engine/worker/node-entry\\.ts$",
          "^src/mcp/",
          "^src/library/node",
        ],
      },
      to: { dependencyTypes: ["core"] },
    },
    {
      name: "no-cycles",
      comment: "A run-time module cycle makes load order matter and layers blur (type-only imports vanish at build).",
      severity: "error",
      from: { path: "^src/" },
      to: { circular: true, viaOnly: { dependencyTypesNot: ["type-only"] } },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    exclude: { path: "^(dist|node_modules)/" },
  },
};
