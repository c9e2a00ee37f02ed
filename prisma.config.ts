// Prisma CLI configuration. Only `prisma generate` uses the CLI here; migrations run
// through scripts/migrate.ts (Prisma's WASM schema engine; see docs/decisions/0003).
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/unused" },
});
