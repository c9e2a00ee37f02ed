// Any path no other route matches: a plain 404 through the root error boundary (Thai or
// English, the site's own layout). Matching here, instead of nowhere, keeps Remix from
// logging each unknown path as an error with a stack; server.ts logs it in one line.
export function loader() {
  throw new Response("Not found", { status: 404 });
}

export function action() {
  throw new Response("Not found", { status: 404 });
}

export default function NotFound() {
  return null;
}
