#!/usr/bin/env node
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the bin is CommonJS, as the bundled CLI is
require("../dist/cli.js");
