import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

/** The frontend's root folder (where package.json is). */
export const frontendRoot = join(import.meta.dirname, "..", "..");

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

/** For tests that hold the source to a rule: every module of app/, components/, lib/ and i18n/ (tests left out). */
export function sourceModules(): { path: string; text: string }[] {
  return ["app", "components", "lib", "i18n"]
    .flatMap((dir) => sources(join(frontendRoot, dir)))
    .map((path) => ({ path: relative(frontendRoot, path), text: readFileSync(path, "utf8") }));
}
