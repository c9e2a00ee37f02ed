// The sign-in form's fields, shared by the page and its action.
import { z } from "zod";

export const requestCodeSchema = z.object({
  intent: z.literal("request"),
  phone: z.string().trim().min(1).max(30),
  website: z.string().max(0).optional(), // honeypot: people never see it, bots fill it
  redirectTo: z.string().optional(),
});

export const verifyCodeSchema = z.object({
  intent: z.literal("verify"),
  phone: z.string().trim().min(1).max(30),
  code: z.string().trim().min(1).max(12),
  website: z.string().max(0).optional(),
  redirectTo: z.string().optional(),
});

export const loginSchema = z.discriminatedUnion("intent", [requestCodeSchema, verifyCodeSchema]);

/** Only same-site paths: never redirect to another host after sign-in. */
export function safeRedirect(to: string | undefined | null, fallback = "/me"): string {
  if (!to || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
}
