// Minimal command-line parsing for the bench scripts: --name value, --name=value and --flag.
export type Args = { get(name: string): string | undefined; num(name: string, fallback: number): number; str(name: string, fallback: string): string; flag(name: string): boolean };

export function parseArgs(argv: string[], known: string[]): Args {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) throw new Error(`unexpected argument "${a}"`);
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
    if (!known.includes(name)) throw new Error(`unknown option --${name} (known: ${known.map((k) => `--${k}`).join(', ')})`);
    if (eq > 0) values.set(name, a.slice(eq + 1));
    else if (i + 1 < argv.length && !argv[i + 1]!.startsWith('--')) values.set(name, argv[++i]!);
    else values.set(name, 'true');
  }
  return {
    get: (name) => values.get(name),
    num: (name, fallback) => {
      const raw = values.get(name);
      if (raw === undefined) return fallback;
      const n = Number(raw.replace(/_/g, ''));
      if (!Number.isFinite(n)) throw new Error(`--${name} must be a number, got "${raw}"`);
      return n;
    },
    str: (name, fallback) => values.get(name) ?? fallback,
    flag: (name) => values.has(name) && values.get(name) !== 'false',
  };
}

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/terrier_bench';
