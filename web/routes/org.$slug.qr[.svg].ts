import type { LoaderFunctionArgs } from "@remix-run/node";
import { organisationBySlug, signupQrSvg } from "../organisations/organisations.server.ts";
import { invariantResponse } from "../http/guards.server.ts";

// The sign-up QR code is public: it is printed on posters.
export async function loader({ params }: LoaderFunctionArgs) {
  const organisation = params.slug ? await organisationBySlug(params.slug) : null;
  invariantResponse(organisation, "Not found");
  return new Response(await signupQrSvg(organisation.slug), {
    headers: {
      "content-type": "image/svg+xml",
      "content-disposition": `attachment; filename="signup-${organisation.slug}.svg"`,
      "cache-control": "public, max-age=3600",
    },
  });
}
