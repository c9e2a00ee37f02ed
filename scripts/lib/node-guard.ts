// Imported first by every entry point: one line instead of a stack trace when the Node
// running it is too old for the project (scripts/node.mjs, ADR 0018).
import { requireProjectNode } from "../node.mjs";

requireProjectNode();
