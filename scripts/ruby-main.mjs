// Builds the layer of Ruby 3.4's runner (dist/langs/ruby-3.4.1-main.tar.gz): langs/ruby/main.rb
// at /opt/runno/main.rb, which the reactor loads to run a program as `ruby FILE` would
// (see that file and langs/ruby.json).
import { createTarGzip } from "nanotar";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const SOURCE = new URL("../langs/ruby/main.rb", import.meta.url);
export const RUBY_MAIN_LAYER = "ruby-3.4.1-main.tar.gz";

export async function buildRubyMainLayer(dir) {
  const target = join(dir, RUBY_MAIN_LAYER);
  try {
    if (statSync(SOURCE).mtimeMs <= statSync(target).mtimeMs) return;
  } catch {
    // Not built yet: build it.
  }
  writeFileSync(target, await createTarGzip([{ name: "opt/runno/main.rb", data: readFileSync(SOURCE) }]));
}
