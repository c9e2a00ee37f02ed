// npm run db:migrate:create -- <name> | db:migrate:deploy | db:migrate:check | db:reset
import "./lib/node-guard.ts";
import { openDatabase } from "./lib/database.ts";
import { createMigration, deployMigrations, pendingSchemaChange, resetDatabase } from "./lib/migrations.ts";

import path from "node:path";

const args = process.argv.slice(2);
const schemaFlag = args.indexOf("--schema");
// --schema <file>: check another schema file against the migrations (tests use it).
const schemaFile = schemaFlag >= 0 ? path.resolve(args.splice(schemaFlag, 2)[1] ?? "") : undefined;
const [command, name] = args;
const database = await openDatabase();
let code = 0;
try {
  switch (command) {
    case "create": {
      if (!name) throw new Error("Usage: npm run db:migrate:create -- <name>");
      const folder = await createMigration(database.url, name);
      console.log(folder ? `Created ${folder}` : "schema.prisma matches the migrations: nothing to create.");
      break;
    }
    case "deploy": {
      const applied = await deployMigrations(database.url);
      console.log(
        applied.length ? `Applied ${applied.length} migration(s): ${applied.join(", ")}` : "Database is up to date.",
      );
      break;
    }
    case "reset": {
      const applied = await resetDatabase(database.url);
      console.log(`Reset the database and applied ${applied.length} migration(s).`);
      break;
    }
    case "check": {
      const sql = await pendingSchemaChange(database.url, schemaFile);
      if (sql) {
        console.error("Drift: the schema has changes that no migration contains.");
        console.error("Run `npm run db:migrate:create -- <name>`. The missing SQL:\n" + sql);
        code = 1;
      } else {
        console.log("No drift: the migrations produce exactly prisma/schema.prisma.");
      }
      break;
    }
    default:
      throw new Error(`Unknown command "${command}": use create <name>, deploy, reset or check`);
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  code = 2;
} finally {
  await database.stop();
}
// The WASM engine leaves timers running: exit explicitly.
process.exit(code);
