import { createPgliteClient } from "../../src/store/pglite-client.ts";
const db = await createPgliteClient({ dataDir: process.argv[2]! });
await db.query("DELETE FROM lexical_snapshots"); await db.query("VACUUM lexical_snapshots"); await db.close();
