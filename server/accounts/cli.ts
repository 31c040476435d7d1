// npm run user -- add <login> --role <role> [--name "…"] [--commune 91216 …]
//                 list | disable <login> | reset-password <login>
// Passwords are read from standard input (typed without echo on a terminal), never from arguments,
// which would leave them in the shell history and the process list.
import readline from 'node:readline';
import { parseConfig } from '../config.ts';
import { openDb } from '../db.ts';
import { migrate } from '../migrate.ts';
import { AppError } from '../errors.ts';
import { createUser, disableUser, listUsers, resetPassword } from './users.ts';

const USAGE = `utilisation :
  npm run user -- add <login> --role <guichet|instructeur|signataire|elu|admin> [--name "Prénom Nom"] [--commune <insee> …]
  npm run user -- list
  npm run user -- disable <login>
  npm run user -- reset-password <login>
Le mot de passe est lu sur l’entrée standard.`;

async function readPassword(prompt: string): Promise<string> {
  if (!process.stdin.isTTY) {
    let data = '';
    for await (const chunk of process.stdin) data += chunk;
    return data.split(/\r?\n/)[0] ?? '';
  }
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  process.stderr.write(prompt);
  // Mute the echo of typed characters.
  (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => {};
  const answer = await new Promise<string>((resolve) => rl.question('', resolve));
  rl.close();
  process.stderr.write('\n');
  return answer;
}

function options(args: string[]): { positional: string[]; role?: string; name?: string; communes: string[] } {
  const out: { positional: string[]; role?: string; name?: string; communes: string[] } = { positional: [], communes: [] };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--role') out.role = args[++i];
    else if (a === '--name') out.name = args[++i];
    else if (a === '--commune') out.communes.push(args[++i] ?? '');
    else if (a.startsWith('--')) throw new AppError(400, 'usage', `option inconnue ${a}\n${USAGE}`);
    else out.positional.push(a);
  }
  return out;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const o = options(rest);
  const login = o.positional[0];
  if (!command || (command !== 'list' && !login)) { console.error(USAGE); return 2; }
  const config = parseConfig();
  const db = await openDb(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: config.dataDir });
  try {
    await migrate(db);
    switch (command) {
      case 'add': {
        if (!o.role) { console.error(`--role est obligatoire\n${USAGE}`); return 2; }
        const u = await createUser(db.knex, { login: login!, role: o.role, name: o.name, communes: o.communes, password: await readPassword(`Mot de passe pour ${login} : `) });
        console.log(`compte ${u.login} créé (${u.role}${u.communes.length ? `, communes ${u.communes.join(' ')}` : ', toutes les communes'})`);
        return 0;
      }
      case 'list':
        for (const u of await listUsers(db.knex)) {
          console.log([u.login.padEnd(20), u.role.padEnd(12), (u.communes.join(' ') || 'toutes').padEnd(20), u.disabled ? 'désactivé' : 'actif', u.name ?? ''].join(' '));
        }
        return 0;
      case 'disable':
        await disableUser(db.knex, login!);
        console.log(`compte ${login} désactivé, ses sessions fermées`);
        return 0;
      case 'reset-password':
        await resetPassword(db.knex, login!, await readPassword(`Nouveau mot de passe pour ${login} : `));
        console.log(`mot de passe de ${login} changé, ses sessions fermées`);
        return 0;
      default:
        console.error(`commande inconnue ${command}\n${USAGE}`);
        return 2;
    }
  } catch (err) {
    if (err instanceof AppError) { console.error(`erreur : ${err.message}`); return 1; }
    if ((err as { code?: string }).code === '23505') { console.error(`erreur : l’identifiant ${login} est déjà pris`); return 1; }
    throw err;
  } finally {
    await db.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
