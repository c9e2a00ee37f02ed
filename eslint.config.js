// ESLint: the recommended JavaScript and TypeScript rules, the rules of hooks, a few import
// rules, and the boundaries between routes and the domain (ARCHITECTURE.md, "Boundaries").
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";
import { importX } from "eslint-plugin-import-x";
import globals from "globals";

const DOMAIN_SYNTAX = [
  {
    selector: "NewExpression[callee.name='Response']",
    message: "Domain modules never construct a Response: return a result or throw a UserError.",
  },
  {
    selector: "CallExpression[callee.name=/^(redirect|redirectDocument)$/]",
    message: "Domain modules never redirect or build a response.",
  },
  {
    selector: "TSTypeReference[typeName.name=/^(Request|FormData)$/]",
    message: "Domain modules take typed input, never a Request or FormData.",
  },
  {
    selector: "NewExpression[callee.name='FormData']",
    message: "Domain modules take typed input, never FormData.",
  },
];

const SQL_SYNTAX = [
  {
    selector: "TaggedTemplateExpression[tag.property.name=/^\\$(queryRaw|executeRaw)$/]",
    message: "Raw SQL lives in the capability's *.sql.server.ts module (ADR 0021).",
  },
  {
    selector: "CallExpression[callee.property.name=/^(\\$queryRawUnsafe|\\$executeRawUnsafe|query)$/]",
    message: "Raw SQL lives in the capability's *.sql.server.ts module (ADR 0021).",
  },
];

// One form pattern (ADR 0021, issue 40): an action reads its form with readForm
// (web/http/form.server.ts) through a zod schema, intents as a discriminated union.
const FORM_SYNTAX = [
  {
    selector: "CallExpression[callee.property.name='formData']",
    message: "Read a posted form with readForm(request, schema) (web/http/form.server.ts), not request.formData().",
  },
  {
    selector:
      "CallExpression[callee.property.name=/^(get|getAll)$/][callee.object.type='NewExpression'][callee.object.callee.name='FormData']",
    message: "Read a form's fields through its zod schema (readForm), not FormData.get.",
  },
  {
    selector: "CallExpression[callee.property.name=/^(get|getAll)$/][callee.object.name=/^(form|data|formData|body)$/]",
    message: "Read a form's fields through its zod schema (readForm), not form.get.",
  },
];

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      ".tools/",
      ".data/",
      "build/",
      "web/generated/",
      "artifacts/",
      "cache/",
      "types/",
      "test-results/",
      "playwright-report/",
      "public/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { "react-hooks": reactHooks, "import-x": importX },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "error",
      "import-x/first": "error",
      "import-x/no-duplicates": "error",
      "import-x/no-self-import": "error",
      "import-x/newline-after-import": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
      ],
    },
  },
  // Routes own HTTP and stay thin: the database is reached through the capabilities.
  {
    files: ["web/routes/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/db/db.server*", "pg", "@prisma/*"],
              message: "Routes reach the database through their capability's module (ARCHITECTURE.md, 'Boundaries').",
            },
            {
              group: ["**/generated/prisma/**"],
              allowTypeImports: true,
              message: "Routes take types, not the Prisma client, from the generated code.",
            },
          ],
        },
      ],
    },
  },
  // Domain modules take typed input and return typed results: no HTTP objects, no routes or UI.
  {
    files: ["web/**/*.{ts,tsx}"],
    ignores: [
      "web/routes/**",
      "web/ui/**",
      "web/http/**",
      "web/root.tsx",
      "web/entry.client.tsx",
      "web/entry.server.tsx",
      "web/server.ts",
      "web/routes.ts",
    ],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/routes/**", "**/ui/**", "**/http/**"],
              message: "Domain modules never import routes, UI or the HTTP kit (ARCHITECTURE.md, 'Boundaries').",
            },
            {
              group: ["@remix-run/react", "@remix-run/express"],
              allowTypeImports: true,
              message:
                "Domain modules do not touch the UI or the server: return a result, the route turns it into HTTP.",
            },
          ],
          paths: [
            {
              name: "@remix-run/node",
              importNames: [
                "data",
                "json",
                "redirect",
                "redirectDocument",
                "replace",
                "unstable_parseMultipartFormData",
              ],
              message: "Domain modules do not build responses or parse requests: that is the route kit's (web/http/).",
            },
          ],
        },
      ],
      "no-restricted-syntax": ["error", ...DOMAIN_SYNTAX, ...SQL_SYNTAX],
    },
  },
  // The route kit, the UI, the root and the worker's entry write no SQL either (issue 36):
  // what they need is a function of a capability.
  {
    files: ["web/root.tsx", "web/ui/**", "web/http/**", "web/routes/**", "web/entry.server.tsx", "jobs/**"],
    rules: { "no-restricted-syntax": ["error", ...SQL_SYNTAX] },
  },
  {
    files: ["web/routes/**"],
    rules: { "no-restricted-syntax": ["error", ...SQL_SYNTAX, ...FORM_SYNTAX] },
  },
  // Raw SQL has one home per capability (ADR 0021): its *.sql.server.ts modules, besides
  // the database layer itself and the job runner's locks.
  {
    files: ["web/**/*.sql.server.ts", "web/db/**", "web/jobs/**"],
    rules: { "no-restricted-syntax": ["error", ...DOMAIN_SYNTAX] },
  },
);
