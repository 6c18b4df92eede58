// What the tools say about themselves to a model: the same words over MCP and in VS Code.

export const RUN_CODE_DESCRIPTION =
  "Run a program in a WebAssembly sandbox and get its output. Use it to check what code really does " +
  "instead of guessing: run a snippet, test a function on an input, reproduce a bug. Languages: Python, " +
  "Ruby, JavaScript (QuickJS), C, C++, PHP, SQLite. The program sees only the code and the files given, " +
  "has no network and no access to this machine, and is stopped at its time, memory and output limits. " +
  "Returns how it ended (exit code, timeout, limit, compile error), stdout and stderr, and the files it " +
  "created or changed. Python has only its standard library (no pip packages).";

export const RUN_TESTS_DESCRIPTION =
  "Check a program against input/expected-output examples in the WebAssembly sandbox: each case runs the " +
  "program with the case's stdin and compares its stdout with the expected text. Use it to check your own " +
  "solution against the examples of a task before answering. Returns a verdict per case (passed, failed " +
  "with a diff of expected against actual output, timeout, limit, compile error) and a summary.";

export const LIST_RUNTIMES_DESCRIPTION =
  "List the sandbox's runtimes (languages), with their versions and file extensions.";
