// A form of a page without React (issue 40) checked in the browser as each field is left,
// with the action's own schema and messages — what conform does on a hydrated page
// (useZodForm: validate on blur, again on input once shown). Nothing is sent; a submit is
// never blocked: the action decides, and answers the same errors.

/** The form's values as the action reads them: a name given more than once (ticked boxes)
 *  becomes a list. */
export function formValues(form: HTMLFormElement): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {};
  const data = new FormData(form);
  for (const name of new Set(data.keys())) {
    const all = data.getAll(name).map(String);
    values[name] = all.length > 1 ? all : all[0]!;
  }
  return values;
}

/** Shows each left field's first problem under it (`<name>-error`, as FieldErrors renders
 *  it on the server) and marks the field invalid for screen readers; `check` answers the
 *  message key of each field with a problem, `message` its text. */
export function checkFieldsAsLeft(
  form: HTMLFormElement,
  check: (values: Record<string, string | string[]>) => Record<string, string>,
  message: (key: string) => string,
) {
  const left = new Set<string>();
  const render = () => {
    const problems = check(formValues(form));
    for (const name of left) show(form, name, problems[name] ? message(problems[name]) : null);
  };
  form.addEventListener("focusout", (event) => {
    const name = (event.target as HTMLInputElement).name;
    if (!name) return;
    left.add(name);
    render();
  });
  form.addEventListener("input", (event) => {
    if (left.has((event.target as HTMLInputElement).name)) render();
  });
  form.addEventListener("change", (event) => {
    if (left.has((event.target as HTMLInputElement).name)) render();
  });
}

function show(form: HTMLFormElement, name: string, text: string | null) {
  const fields = [...form.querySelectorAll<HTMLInputElement>(`[name="${CSS.escape(name)}"]`)];
  if (!fields.length) return;
  const id = `${name}-error`;
  let error = document.getElementById(id);
  if (text === null) error?.remove();
  else {
    if (!error) {
      error = document.createElement("p");
      error.className = "form-error";
      error.id = id;
      error.setAttribute("role", "alert");
      // Under the field (a ticked box: under its label, the last of the group).
      const last = fields.at(-1)!;
      (last.closest("label") ?? last).after(error);
    }
    error.textContent = text;
  }
  for (const field of fields) {
    const described = (field.getAttribute("aria-describedby") ?? "").split(" ").filter((d) => d && d !== id);
    if (text === null) field.removeAttribute("aria-invalid");
    else field.setAttribute("aria-invalid", "true");
    const next = text === null ? described : [...described, id];
    if (next.length) field.setAttribute("aria-describedby", next.join(" "));
    else field.removeAttribute("aria-describedby");
  }
}
