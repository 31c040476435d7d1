import os from 'node:os';

/** On a shared machine: wait up to 10 minutes for the 1-minute load average to fall below `max`. */
export async function waitQuiet(max: number, log: (msg: string) => void): Promise<void> {
  const until = Date.now() + 600_000;
  while (os.loadavg()[0]! >= max && Date.now() < until) await new Promise((r) => setTimeout(r, 5000));
  if (os.loadavg()[0]! >= max) log(`load average still ${os.loadavg()[0]!.toFixed(2)} ≥ ${max} after 10 minutes: running anyway`);
}
