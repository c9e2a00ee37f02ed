// Campaign updates posted by finance admins, shown on the campaign page.
import { z } from "zod";
import { db } from "../db/db.server.ts";
import { UserError } from "../errors.ts";
import { findCampaign } from "./donations.server.ts";

const updateSchema = z.object({
  bodyTh: z.string().trim().min(3).max(2000),
  bodyEn: z.string().trim().min(3).max(2000),
});

export async function postCampaignUpdate(fields: Record<string, unknown>, authorId: string, campaignSlug?: string) {
  const parsed = updateSchema.safeParse(fields);
  if (!parsed.success) throw new UserError(400, "finance.errors.update");
  const campaign = await findCampaign(campaignSlug);
  return db().campaignUpdate.create({ data: { campaignId: campaign.id, ...parsed.data, authorId } });
}
