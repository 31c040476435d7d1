// One account per role for the fictional demo commune. Called only by the demo loader, so that a
// database not seeded as demo never has these well-known passwords. Listed in the README.
import type { Knex } from 'knex';
import { ROLES } from './roles.ts';
import { createUser } from './users.ts';

export const DEMO_PASSWORD_SUFFIX = '-demo-terrier';

export const DEMO_ACCOUNTS = ROLES.map((role) => ({
  login: role,
  role,
  password: `${role}${DEMO_PASSWORD_SUFFIX}`,
  name: { guichet: 'Gaëlle Guichet (démo)', instructeur: 'Ivan Instructeur (démo)', signataire: 'Sylvie Signataire, maire (démo)',
    elu: 'Émile Élu (démo)', admin: 'Adèle Admin (démo)' }[role],
  communes: ['96001'],
}));

export async function createDemoAccounts(knex: Knex): Promise<void> {
  for (const a of DEMO_ACCOUNTS) await createUser(knex, a);
}
