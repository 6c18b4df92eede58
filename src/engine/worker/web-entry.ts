// Worker entry for a browser's Web Worker.
import type { HostMessage } from "../wire/protocol";
import { serve } from "./serve";

const scope = self as unknown as {
  postMessage(message: unknown): void;
  addEventListener(type: "message", listener: (event: MessageEvent<HostMessage>) => void): void;
};
serve({
  post: (message) => scope.postMessage(message),
  onMessage: (handler) => scope.addEventListener("message", (event) => handler(event.data)),
});
