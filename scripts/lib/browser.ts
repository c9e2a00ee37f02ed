// The end-to-end tests' browser: Debian's Chromium and Thai fonts (Playwright must not
// download a browser of its own here), and nginx, the caching proxy the public results
// are tested behind (deploy/nginx). Installed by `npm test` where the machine lets it
// (root with apt-get); elsewhere one line says what to run.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const NGINX = process.env.NGINX_PATH ?? "/usr/sbin/nginx";
const PACKAGES = ["chromium", "fonts-thai-tlwg", "nginx"];

function thaiFontInstalled(): boolean {
  const fonts = spawnSync("fc-list", [":lang=th", "family"], { encoding: "utf8" });
  return fonts.status === 0 && fonts.stdout.trim().length > 0;
}

function canInstall(): boolean {
  return process.getuid?.() === 0 && spawnSync("apt-get", ["--version"], { stdio: "ignore" }).status === 0;
}

/** null when Chromium and a Thai font are there (installing them if need be), else the
 *  one line that says what to run. */
export async function ensureBrowser(): Promise<string | null> {
  const ready = () => existsSync(CHROMIUM) && existsSync(NGINX) && thaiFontInstalled();
  if (ready()) return null;
  const advice = `the end-to-end tests need Chromium at ${CHROMIUM}, nginx at ${NGINX} and a Thai font: run \`sudo apt-get install ${PACKAGES.join(" ")}\` (or set CHROMIUM_PATH), then \`npm test\` again`;
  if (process.env.CHROMIUM_PATH || !canInstall()) return advice;
  console.log(`[test] installing ${PACKAGES.join(" and ")} from Debian (apt-get; once, about a minute)…`);
  const started = Date.now();
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const update = spawnSync("apt-get", ["update", "-qq"], { stdio: ["ignore", "ignore", "inherit"], env });
  const install =
    update.status === 0
      ? spawnSync("apt-get", ["install", "-y", "-qq", ...PACKAGES], { stdio: ["ignore", "ignore", "inherit"], env })
      : update;
  if (install.status !== 0 || !ready()) return `apt-get could not install ${PACKAGES.join(" ")} (see above): ${advice}`;
  console.log(`[test] ${PACKAGES.join(" and ")} installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return null;
}
