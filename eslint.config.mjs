// typescript-eslint's recommended rules, plus a few that catch real mistakes in async code.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  // What git ignores: build output (dist/ and e2e/dist/), dependencies, scratch files.
  { ignores: ["**/dist/", "**/node_modules/", "scratch/", "test-artifacts/", "**/*.vsix"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
      ],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      eqeqeq: ["error", "always", { null: "ignore" }],
      // Escaping control characters out of guest text is this codebase's job: its regexes name them on purpose.
      "no-control-regex": "off",
    },
  },
  {
    files: ["**/*.mjs", "**/*.cjs", "**/*.js"],
    languageOptions: {
      globals: {
        process: "readonly",
        URL: "readonly",
        TextDecoder: "readonly",
        WebAssembly: "readonly",
        console: "readonly",
        __dirname: "readonly",
        require: "readonly",
        module: "writable",
      },
    },
  },
);
