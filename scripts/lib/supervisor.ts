/**
 * Keeps a service running: when it exits on its own it is started again after a pause that doubles from
 * `initialMs` to `maxMs`, and falls back to `initialMs` once an instance has stayed up for `stableMs`.
 */
export interface Instance {
  /** Settles when this instance has exited. */
  exited: Promise<void>;
  stop(): Promise<void>;
}

export interface Supervised {
  /** Stops the current instance; no restart follows. */
  stop(): Promise<void>;
  /** How many times it was restarted. */
  restarts(): number;
}

export interface SuperviseOptions {
  initialMs?: number;
  maxMs?: number;
  stableMs?: number;
  log?: (line: string) => void;
  /** False once the whole system is stopping: an exit then is not restarted (Ctrl-C reaches every child). */
  active?: () => boolean;
}

/** Starts `name` (a failure of this first start is thrown) and restarts it whenever it exits until stop(). */
export async function supervise(name: string, start: () => Promise<Instance>, opts: SuperviseOptions = {}): Promise<Supervised> {
  const { initialMs = 1_000, maxMs = 30_000, stableMs = 60_000, log = (l: string) => console.error(l), active = () => true } = opts;
  let current = await start();
  let startedAt = Date.now();
  let stopping = false;
  let restarts = 0;
  let wake: (() => void) | null = null;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const loop = async () => {
    let delay = initialMs;
    for (;;) {
      await current.exited;
      if (stopping || !active()) return;
      if (Date.now() - startedAt >= stableMs) delay = initialMs;
      for (;;) {
        log(`[supervisor] ${name} exited after ${((Date.now() - startedAt) / 1000).toFixed(1)} s; restarting in ${(delay / 1000).toFixed(0)} s`);
        await pause(delay);
        if (stopping || !active()) return;
        delay = Math.min(delay * 2, maxMs);
        try {
          current = await start();
          startedAt = Date.now();
          restarts++;
          log(`[supervisor] ${name} restarted (${restarts} restart${restarts === 1 ? '' : 's'} so far)`);
          break;
        } catch (err) {
          log(`[supervisor] ${name} did not start: ${err instanceof Error ? err.message : String(err)}`);
          startedAt = Date.now();
        }
      }
    }
  };
  const looping = loop();
  return {
    restarts: () => restarts,
    stop: async () => {
      stopping = true;
      (wake as (() => void) | null)?.();
      await current.stop();
      await looping;
    },
  };
}
