import type { StepUpResult } from "@/lib/form-state";

export const STILL_NOT_CONFIRMED = "We could not confirm it was you in time. Please try again.";

export type StepUpOutcome<T, Field extends string> = StepUpResult<T, Field> | { kind: "cancelled" };

/**
 * Runs a sensitive action. When the backend asks for a fresh proof of identity, `confirm` asks the user (the
 * step-up dialog) and, once they gave it, the action runs once more. A second refusal is reported, not looped on.
 */
export async function runWithStepUp<T, Field extends string>(
  action: () => Promise<StepUpResult<T, Field>>,
  confirm: () => Promise<boolean>,
): Promise<StepUpOutcome<T, Field>> {
  const first = await action();
  if (first.kind !== "reauth") return first;
  if (!(await confirm())) return { kind: "cancelled" };
  const second = await action();
  if (second.kind !== "reauth") return second;
  return { kind: "failed", fieldErrors: {}, formErrors: [STILL_NOT_CONFIRMED] };
}
