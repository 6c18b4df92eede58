/**
 * `poll_oneoff` that sleeps without spinning a core where it can: clock subscriptions wait
 * on a futex (or, under JSPI, suspend on a timer; with neither, it spins), fd subscriptions are reported ready at once (reads
 * then block in the stdin channel). The subscription layout differs between WASI preview1
 * and the legacy `wasi_unstable`.
 */
import { wasi } from "@bjorn3/browser_wasi_shim";

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
const EVENT_SIZE = 32;

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
) {
  return (inPtr: number, outPtr: number, count: number, neventsPtr: number): number | Promise<number> => {
    if (count === 0) return wasi.ERRNO_INVAL;
    const view = new DataView(memory().buffer);
    let events = 0;
    let sleepNs: bigint | undefined;
    let clockUserdata = 0n;
    for (let i = 0; i < count; i++) {
      const sub = inPtr + i * layout.size;
      const userdata = view.getBigUint64(sub, true);
      const tag = view.getUint8(sub + 8);
      if (tag === EVENTTYPE_CLOCK) {
        const timeout = view.getBigUint64(sub + layout.timeout, true);
        const absolute = (view.getUint16(sub + layout.flags, true) & wasi.SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME) !== 0;
        const relative = absolute ? timeout - nowNs(view.getUint32(sub + layout.clockId, true)) : timeout;
        if (sleepNs === undefined || relative < sleepNs) {
          sleepNs = relative;
          clockUserdata = userdata;
        }
      } else {
        writeEvent(view, outPtr + events * EVENT_SIZE, userdata, tag);
        events++;
      }
    }
    const finish = (): number => {
      const after = new DataView(memory().buffer);
      if (events === 0) writeEvent(after, outPtr, clockUserdata, EVENTTYPE_CLOCK);
      after.setUint32(neventsPtr, Math.max(events, 1), true);
      return wasi.ERRNO_SUCCESS;
    };
    if (events === 0 && sleepNs !== undefined && sleepNs > 0n) {
      beforeBlocking();
      // Sleeps take ms; WASI timeouts are in ns.
      const waited = sleep(Number(sleepNs) / 1e6);
      if (waited) return waited.then(finish);
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
