// The open-data CSV's Table Schema (the format of schema.data.gouv.fr), made from the allow-list.
import { CSV_COLUMNS } from './columns.ts';

export const LICENCE = { name: 'etalab-2.0', title: 'Licence Ouverte / Open Licence version 2.0', path: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence/' };

export type TableField = {
  name: string; title: string; description: string; type: 'string' | 'date' | 'number' | 'integer'; format?: string;
  constraints?: { required?: boolean; enum?: readonly string[]; pattern?: string };
};

export function tableSchema() {
  const fields: TableField[] = CSV_COLUMNS.map((c) => {
    const constraints: TableField['constraints'] = {};
    if (c.required) constraints.required = true;
    if (c.enum) constraints.enum = c.enum;
    if (c.pattern) constraints.pattern = c.pattern;
    const type = c.type === 'array' ? 'string' : (c.type as TableField['type']);
    return { name: c.name.toUpperCase(), title: c.title, description: c.description, type, ...(type === 'date' ? { format: 'default' } : {}),
      ...(Object.keys(constraints).length ? { constraints } : {}) };
  });
  return {
    $schema: 'https://frictionlessdata.io/schemas/table-schema.json',
    name: 'terrier-autorisations-urbanisme',
    title: 'Autorisations d’urbanisme (Terrier)',
    description: 'Permis de construire, d’aménager, de démolir et déclarations préalables publiés dès leur dépôt (R423-6), '
      + 'décisions dès qu’elles sont prises (R424-15). Sans données personnelles : le demandeur n’est nommé que s’il est une personne morale. '
      + 'Les certificats d’urbanisme ne sont pas publiés. Noms de colonnes d’après Sitadel lorsqu’il en a un.',
    version: '0.1.0',
    licenses: [LICENCE],
    missingValues: [''],
    primaryKey: 'NUM_DAU',
    fields,
  };
}
