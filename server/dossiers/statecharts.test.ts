// The statecharts are generated from the rules table, one per type, and docs/statecharts shows them
// as Mermaid diagrams kept in sync with the machines.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { STATECHART_DIR, expectedFiles, mermaid } from './diagram.ts';
import { MACHINES } from './machine.ts';
import { DOSSIER_TYPES, TYPE_RULES, USER_EVENTS } from './rules.ts';

const states = (type: keyof typeof MACHINES) => {
  const out: string[] = [];
  const walk = (n: any) => { for (const c of Object.values(n.states) as any[]) { out.push(c.path.join('.')); walk(c); } };
  walk(MACHINES[type].root);
  return out;
};

describe('one statechart per type, generated from the rules table', () => {
  it('exists for every type, each with its own id', () => {
    expect(Object.keys(MACHINES).sort()).toEqual([...DOSSIER_TYPES].sort());
    for (const t of DOSSIER_TYPES) expect(MACHINES[t].id).toBe(t);
  });

  it('has the states its rules call for: no incompleteness for a CU, a transfer or a prorogation; no refusal by silence for a CU', () => {
    expect(states('PC')).toContain('instruction.incomplet');
    expect(states('PC')).toContain('refus_tacite');
    for (const t of ['CUa', 'CUb', 'transfert', 'prorogation'] as const) expect(states(t)).not.toContain('instruction.incomplet');
    expect(states('CUb')).not.toContain('refus_tacite');
    expect(states('CUb')).not.toContain('refuse'); // a negative CUb is still a delivered certificate
    expect(states('PD')).not.toContain('accorde.acheve'); // no DAACT on a demolition permit
    expect(states('DOC')).toEqual(['enregistree']);
    expect(states('DAACT')).toEqual(['contestable', 'contestee', 'conforme']);
  });

  it('every event a person posts is used by some statechart, and every type offers only the decisions of its rules', () => {
    const used = new Set(DOSSIER_TYPES.flatMap((t) => [...MACHINES[t].events]));
    for (const e of Object.keys(USER_EVENTS)) expect(used.has(e), e).toBe(true);
    expect(TYPE_RULES.DP.decisions).not.toContain('accord');
  });
});

describe('docs/statecharts', () => {
  it('holds one Mermaid diagram per type, identical to what the machines generate (npx tsx server/dossiers/diagram.ts --write)', () => {
    for (const [name, text] of Object.entries(expectedFiles())) {
      const file = path.join(STATECHART_DIR, name);
      expect(fs.existsSync(file), `${file} is missing: run npx tsx server/dossiers/diagram.ts --write`).toBe(true);
      expect(fs.readFileSync(file, 'utf8'), `${name} is out of date: run npx tsx server/dossiers/diagram.ts --write`).toBe(text);
    }
  });

  it('draws the PC with its tacit decisions and its decisions notified', () => {
    const m = mermaid('PC');
    expect(m).toMatch(/^```mermaid\nstateDiagram-v2$/m);
    expect(m).toContain('delai --> accorde : TACIT_DECISION ⏱');
    expect(m).toContain('delai --> refus_tacite : TACIT_DECISION ⏱ [silenceMeansRefusal]');
    expect(m).toContain('signee --> accorde : NOTIFY_DECISION [proposalGranted]');
    expect(m).toContain('incomplet --> rejet_tacite : PIECES_DEADLINE ⏱');
  });
});
