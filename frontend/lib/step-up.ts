import type { StepUpResult } from "@/lib/form-state";

export type StepUpOutcome<T, Field extends string> = StepUpResult<T, Field> | { kind: "cancelled" };

/**
 * Runs a sensitive action. When the backend asks for a fresh proof of identity, `confirm` asks the user (the
 * step-up dialog) and, once they gave it, the action runs once more. A second refusal is reported (`notConfirmed`,
 * the page's words for it), not looped on.
 */
export async function runWithStepUp<T, Field extends string>(
  action: () => Promise<StepUpResult<T, Field>>,
  confirm: () => Promise<boolean>,
  notConfirmed: string,
): Promise<StepUpOutcome<T, Field>> {
  const first = await action();
  if (first.kind !== "reauth") return first;
  if (!(await confirm())) return { kind: "cancelled" };
  const second = await action();
  if (second.kind !== "reauth") return second;
  return { kind: "failed", fieldErrors: {}, formErrors: [notConfirmed] };
}
