/** One query parameter as a string; repeated or missing parameters count as absent. */
export function singleParam(value: string | string[] | undefined): string {
  return typeof value === "string" ? value : "";
}
