// The form an outlet fills in to ask for a feed key (developers' page), checked the same
// in the browser and in the action. Messages are i18n keys.
import { z } from "zod";

export const keyRequestSchema = z.object({
  outletName: z.string().trim().min(2, "keyRequest.error.outletName").max(120, "keyRequest.error.tooLong"),
  contactName: z.string().trim().min(2, "keyRequest.error.contactName").max(120, "keyRequest.error.tooLong"),
  email: z.email("keyRequest.error.email").max(200, "keyRequest.error.tooLong"),
  website: z.union([z.literal(""), z.url("keyRequest.error.website").max(300, "keyRequest.error.tooLong")]).optional(),
  purpose: z.string().trim().min(10, "keyRequest.error.purpose").max(1000, "keyRequest.error.tooLong"),
});
export type KeyRequestInput = z.output<typeof keyRequestSchema>;
