// The sign-up form's page without React (routes/join.($org).tsx, issue 40): the fields
// checked as they are left with the action's schema (signup-form.ts) and its messages in
// the page's language (#signup-messages); the constituencies narrowed to the chosen
// province; subdistricts suggested as the name is typed. Without it the form still works.
import { checkFieldsAsLeft } from "./field-checks.client.ts";
import { fieldErrors, signupSchema } from "../recruitment/signup-form.ts";

const form = document.querySelector<HTMLFormElement>("form[data-checks=signup]");
if (form) {
  const messages = JSON.parse(document.getElementById("signup-messages")?.textContent ?? "{}") as Record<
    string,
    string
  >;
  const schema = signupSchema({ minAge: Number(form.dataset.minAge) });
  checkFieldsAsLeft(
    form,
    (values) => {
      const parsed = schema.safeParse(values);
      return parsed.success ? {} : fieldErrors(parsed.error);
    },
    (key) => messages[key] ?? key,
  );

  const province = form.querySelector<HTMLSelectElement>("#provinceCode")!;
  const constituency = form.querySelector<HTMLSelectElement>("#constituencyId")!;
  const narrow = () => {
    for (const option of constituency.options)
      option.hidden = !!province.value && !!option.value && option.dataset.province !== province.value;
    if (constituency.selectedOptions[0]?.hidden) constituency.value = "";
  };
  province.addEventListener("change", narrow);
  narrow();

  const search = form.querySelector<HTMLInputElement>("#subdistrictSearch")!;
  const list = document.getElementById("subdistrict-options")!;
  const thai = document.documentElement.lang === "th";
  let asked = 0;
  search.addEventListener("input", async () => {
    const q = search.value;
    if (q.length < 2 || /^\d+$/.test(q)) return;
    const mine = ++asked;
    const query = new URLSearchParams({ q, ...(province.value ? { province: province.value } : {}) });
    const answer = await fetch(`/areas/subdistricts?${query}`).catch(() => null);
    if (!answer?.ok || mine !== asked) return;
    const { results } = (await answer.json()) as {
      results: { code: string; nameTh: string; nameEn: string; districtTh: string; districtEn: string }[];
    };
    list.replaceChildren(
      ...results.map((s) => {
        const option = document.createElement("option");
        option.value = s.code;
        option.textContent = thai ? `${s.nameTh}, ${s.districtTh}` : `${s.nameEn}, ${s.districtEn}`;
        return option;
      }),
    );
  });
}
