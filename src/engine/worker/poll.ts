/**
 * `poll_oneoff` that sleeps without spinning a core where it can: clock subscriptions wait
 * on a futex (or, under JSPI, suspend on a timer; with neither, it spins). Reading stdin is
 * ready once it has data or has ended, so `select`/`poll` on stdin with a timeout wait for
 * whichever comes first, as natively; other fd subscriptions are ready at once. The
 * subscription layout differs between WASI preview1 and the legacy `wasi_unstable`.
 */
import { wasi } from "@bjorn3/browser_wasi_shim";
import type { GuestStdin } from "./guest-stdin";

export interface SubscriptionLayout {
  size: number;
  clockId: number;
  timeout: number;
  flags: number;
}

export const PREVIEW1_SUBSCRIPTION: SubscriptionLayout = { size: 48, clockId: 16, timeout: 24, flags: 40 };
// wasi_unstable's clock subscription starts with a u64 `identifier`.
export const UNSTABLE_SUBSCRIPTION: SubscriptionLayout = { size: 56, clockId: 24, timeout: 32, flags: 48 };

const EVENTTYPE_CLOCK = 0;
const EVENTTYPE_FD_READ = 1;
const EVENT_SIZE = 32;
/** Offset of `fd` in an fd_read/fd_write subscription, in both layouts. */
const SUBSCRIPTION_FD = 16;

/** Waits `ms`: blocking, or returning a promise that a JSPI import may await. */
export type Sleep = (ms: number) => void | Promise<void>;

let sleeper: Int32Array | undefined;

/** Blocks the worker: on a futex where memory can be shared, else (rarely needed) by spinning. */
export const blockingSleep: Sleep = (ms) => {
  if (typeof SharedArrayBuffer === "function") {
    sleeper ??= new Int32Array(new SharedArrayBuffer(4));
    Atomics.wait(sleeper, 0, 0, ms);
  } else {
    const end = performance.now() + ms;
    while (performance.now() < end);
  }
};

export const timerSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function makePollOneoff(
  memory: () => WebAssembly.Memory,
  layout: SubscriptionLayout,
  beforeBlocking: () => void,
  sleep: Sleep,
  stdinOf: (fd: number) => GuestStdin | undefined,
) {
  return (inPtr: number, outPtr: number, count: number, neventsPtr: number): number | Promise<number> => {
    if (count === 0) return wasi.ERRNO_INVAL;
    const view = new DataView(memory().buffer);
    let events = 0;
    let sleepNs: bigint | undefined;
    let clockUserdata = 0n;
    // A read subscription on stdin that has nothing to read yet.
    let waitingStdin: { stdin: GuestStdin; userdata: bigint } | undefined;
    for (let i = 0; i < count; i++) {
      const sub = inPtr + i * layout.size;
      const userdata = view.getBigUint64(sub, true);
      const tag = view.getUint8(sub + 8);
      if (tag === EVENTTYPE_CLOCK) {
        const timeout = view.getBigUint64(sub + layout.timeout, true);
        const absolute =
          (view.getUint16(sub + layout.flags, true) & wasi.SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME) !== 0;
        const relative = absolute ? timeout - nowNs(view.getUint32(sub + layout.clockId, true)) : timeout;
        if (sleepNs === undefined || relative < sleepNs) {
          sleepNs = relative;
          clockUserdata = userdata;
        }
        continue;
      }
      const stdin = tag === EVENTTYPE_FD_READ ? stdinOf(view.getUint32(sub + SUBSCRIPTION_FD, true)) : undefined;
      if (stdin && !stdin.readable()) {
        waitingStdin = { stdin, userdata };
      } else {
        writeEvent(view, outPtr + events * EVENT_SIZE, userdata, tag);
        events++;
      }
    }
    const finish = (stdinReady = false): number => {
      const after = new DataView(memory().buffer);
      if (stdinReady) writeEvent(after, outPtr, waitingStdin!.userdata, EVENTTYPE_FD_READ);
      else if (events === 0) writeEvent(after, outPtr, clockUserdata, EVENTTYPE_CLOCK);
      after.setUint32(neventsPtr, Math.max(events, 1), true);
      return wasi.ERRNO_SUCCESS;
    };
    // Sleeps take ms; WASI timeouts are in ns.
    const sleepMs = sleepNs === undefined ? Infinity : Math.max(0, Number(sleepNs) / 1e6);
    if (events === 0 && waitingStdin) {
      beforeBlocking();
      const ready = waitingStdin.stdin.waitReadable(sleepMs);
      return typeof ready === "boolean" ? finish(ready) : ready.then(finish);
    }
    if (events === 0 && sleepMs > 0) {
      beforeBlocking();
      const waited = sleep(sleepMs);
      if (waited) return waited.then(() => finish());
    }
    return finish();
  };
}

function nowNs(clockId: number): bigint {
  return clockId === wasi.CLOCKID_REALTIME
    ? BigInt(Date.now()) * 1_000_000n
    : BigInt(Math.round(performance.now() * 1e6));
}

function writeEvent(view: DataView, ptr: number, userdata: bigint, type: number): void {
  view.setBigUint64(ptr, userdata, true);
  view.setUint16(ptr + 8, wasi.ERRNO_SUCCESS, true);
  view.setUint8(ptr + 10, type);
  view.setBigUint64(ptr + 16, 0n, true);
  view.setUint16(ptr + 24, 0, true);
}
