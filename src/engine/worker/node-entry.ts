// Worker entry for Node's worker_threads.
import { parentPort } from "node:worker_threads";
import { serve } from "./serve";

const port = parentPort!;
serve({
  post: (message) => port.postMessage(message),
  onMessage: (handler) => port.on("message", handler),
});
