// One account per role for the fictional demo commune, plus a second instructeur (a service of two,
// whose chef reassigns). Called only by the demo loader, so that a database not seeded as demo never
// has these well-known passwords. Listed in the README.
import type { Knex } from 'knex';
import { ROLES } from './roles.ts';
import { createUser } from './users.ts';

export const DEMO_PASSWORD_SUFFIX = '-demo-terrier';

const NAMES: Record<string, string> = {
  guichet: 'Gaëlle Guichet (démo)', instructeur: 'Ivan Instructeur (démo)', instructeur2: 'Inès Instructrice (démo)',
  chef: 'Charles Chef de service (démo)', signataire: 'Sylvie Signataire, maire (démo)', elu: 'Émile Élu (démo)', admin: 'Adèle Admin (démo)',
};

export const DEMO_ACCOUNTS = [...ROLES.map((role) => ({ login: role as string, role })), { login: 'instructeur2', role: 'instructeur' as const }]
  .map(({ login, role }) => ({ login, role, password: `${login}${DEMO_PASSWORD_SUFFIX}`, name: NAMES[login]!, communes: ['96001'] }));

/** The accounts, and the demo commune's assignment rule: its new dossiers go to `instructeur`. */
export async function createDemoAccounts(knex: Knex): Promise<void> {
  for (const a of DEMO_ACCOUNTS) await createUser(knex, a);
  await knex.raw(`INSERT INTO assignment_rules (insee, instructeur_id, updated_by)
    SELECT '96001', id, 'demo' FROM users WHERE login = 'instructeur' AND EXISTS (SELECT 1 FROM communes WHERE insee = '96001')`);
}
