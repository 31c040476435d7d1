import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
let t=Date.now();
const db = await PGlite.create({ extensions: { postgis } });
await db.exec('CREATE EXTENSION IF NOT EXISTS postgis');
console.log('create', Date.now()-t);
console.log((await db.query('select postgis_full_version() v')).rows);
t=Date.now(); const f = await db.dumpDataDir('none'); console.log('dump', Date.now()-t, f.size);
t=Date.now(); const db2 = await PGlite.create({ loadDataDir: f, extensions: { postgis } }); console.log((await db2.query("select ST_AsText(ST_Transform(ST_SetSRID(ST_MakePoint(2.35,48.85),4326),2154)) p")).rows, 'load', Date.now()-t);
