import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { claimKey, claimOpen } from "../results/key-requests.server.ts";
import { answerForm, formDone } from "../http/form.server.ts";
import { FormAnswer } from "../ui/form-reply.tsx";
import { useT } from "../ui/i18n.tsx";

export const meta: MetaFunction = () => [{ title: "กุญแจข้อมูล / Feed key" }, { name: "robots", content: "noindex" }];

// The one-time link an approved outlet gets by e-mail. Opening it shows a button, not the
// key: a mail scanner that follows links must not spend it. The press makes the key.
export async function loader({ params }: LoaderFunctionArgs) {
  return { outlet: await claimOpen(String(params.token ?? "").slice(0, 100)) };
}

export async function action({ params }: ActionFunctionArgs) {
  return answerForm(async () => formDone(null, await claimKey(String(params.token ?? "").slice(0, 100))), {
    key: null as string | null,
    outletName: null as string | null,
  });
}

export default function ClaimKey() {
  const { outlet } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  return (
    <section className="card" aria-labelledby="claim-title">
      <h1 id="claim-title">{t("keyRequest.claimTitle")}</h1>
      <FormAnswer reply={result} />
      {result?.key ? (
        <p className="notice" role="status">
          {t("keyRequest.claimShown")} <code data-testid="claimed-key">{result.key}</code>
        </p>
      ) : outlet ? (
        <>
          <p>
            <strong>{outlet}</strong>
          </p>
          <p>{t("keyRequest.claimIntro")}</p>
          <Form method="post">
            <button type="submit" className="button">
              {t("keyRequest.claimButton")}
            </button>
          </Form>
        </>
      ) : (
        <p data-testid="claim-gone">{t("keyRequest.claimGone")}</p>
      )}
    </section>
  );
}
