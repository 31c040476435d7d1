// Serves the built client on an in-memory database seeded like the browser test, for looking at the
// map by hand:  npm run build:client && npx tsx client/e2e/serve.ts [port]
import { openDb } from '../../server/db.ts';
import { migrate } from '../../server/migrate.ts';
import { buildApp } from '../../server/app.ts';
import { seed } from './seed.ts';

const port = Number(process.argv[2] ?? 3100);
const db = await openDb({ dataDir: null });
await migrate(db);
const { source } = await seed(db);
buildApp(db).listen(port, '127.0.0.1', () => console.log(`Terrier (${source}) on http://127.0.0.1:${port}`));
