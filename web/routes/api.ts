import { redirect } from "@remix-run/node";

// Where people look for the feed's documentation first: the developers' page.
export const loader = () => redirect("/developers", 301);
