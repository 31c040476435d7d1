// The official list of communes and EPCI (INSEE's COG, as @etalab/decoupage-administratif ships it),
// read from the package's JSON files. The package's own index.js reads them relative to the process's
// working directory, so it only works when started from inside the package: we open the files by path.
// The files weigh 12 MB; they are read when an import needs them and not kept by the server.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

type CogCommune = { code: string; nom: string; type: string; departement: string };
type CogEpci = { code: string; nom: string; membres: { code: string }[] };

export type Cog = {
  /** The current name of a commune (or municipal arrondissement) by INSEE code. */
  nom(insee: string): string | undefined;
  /** The EPCI à fiscalité propre a commune belongs to. */
  epciOf(insee: string): { siren: string; nom: string } | undefined;
  /** An EPCI by SIREN. */
  epci(siren: string): { siren: string; nom: string } | undefined;
};

const require = createRequire(import.meta.url);

export async function loadCog(): Promise<Cog> {
  const [communes, epcis] = await Promise.all([
    readFile(require.resolve('@etalab/decoupage-administratif/data/communes.json'), 'utf8').then((t) => JSON.parse(t) as CogCommune[]),
    readFile(require.resolve('@etalab/decoupage-administratif/data/epci.json'), 'utf8').then((t) => JSON.parse(t) as CogEpci[]),
  ]);
  const names = new Map<string, string>();
  for (const c of communes) {
    // A code is shared by a current commune and its communes déléguées; the current one names it.
    if (c.type === 'commune-actuelle' || c.type === 'arrondissement-municipal' || !names.has(c.code)) names.set(c.code, c.nom);
  }
  const bySiren = new Map<string, { siren: string; nom: string }>();
  const byMember = new Map<string, { siren: string; nom: string }>();
  for (const e of epcis) {
    const v = { siren: e.code, nom: e.nom };
    bySiren.set(e.code, v);
    for (const m of e.membres) byMember.set(m.code, v);
  }
  return { nom: (insee) => names.get(insee), epciOf: (insee) => byMember.get(insee), epci: (siren) => bySiren.get(siren) };
}
