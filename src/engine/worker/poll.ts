/**
 * `poll_oneoff` that sleeps without spinning a core: clock subscriptions wait on a futex,
 * fd subscriptions are reported ready at once (reads then block in the stdin channel).
 * The subscription layout differs between WASI preview1 and the legacy `wasi_unstable`.
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
const sleeper = new Int32Array(new SharedArrayBuffer(4));

export function makePollOneoff(
  memory: () => WebAssembly.Memory,
  layout: SubscriptionLayout,
  beforeBlocking: () => void,
) {
  return (inPtr: number, outPtr: number, count: number, neventsPtr: number): number => {
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
    if (events === 0 && sleepNs !== undefined) {
      if (sleepNs > 0n) {
        beforeBlocking();
        // Atomics.wait takes ms; WASI timeouts are in ns.
        Atomics.wait(sleeper, 0, 0, Number(sleepNs) / 1e6);
      }
      writeEvent(view, outPtr, clockUserdata, EVENTTYPE_CLOCK);
      events = 1;
    }
    view.setUint32(neventsPtr, events, true);
    return wasi.ERRNO_SUCCESS;
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
