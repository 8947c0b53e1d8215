import { describe, expect, it, vi } from "vitest";
import type { StepUpResult } from "@/lib/form-state";
import { runWithStepUp } from "./step-up";

const STILL_NOT_CONFIRMED = "We could not confirm it was you in time. Please try again.";

type Result = StepUpResult<string, "code">;
const done: Result = { kind: "done", data: "ok" };
const reauth: Result = { kind: "reauth" };
const failed: Result = { kind: "failed", fieldErrors: { code: ["Wrong."] }, formErrors: [] };

function sequence(...results: Result[]) {
  const action = vi.fn<() => Promise<Result>>();
  for (const result of results) action.mockResolvedValueOnce(result);
  return action;
}

describe("runWithStepUp", () => {
  it("does not ask when the action goes through", async () => {
    const confirm = vi.fn(async () => true);
    expect(await runWithStepUp(sequence(done), confirm, STILL_NOT_CONFIRMED)).toEqual(done);
    expect(confirm).not.toHaveBeenCalled();
  });

  it("passes a failure through without asking", async () => {
    const confirm = vi.fn(async () => true);
    expect(await runWithStepUp(sequence(failed), confirm, STILL_NOT_CONFIRMED)).toEqual(failed);
    expect(confirm).not.toHaveBeenCalled();
  });

  it("asks, then retries once the user confirmed", async () => {
    const action = sequence(reauth, done);
    const confirm = vi.fn(async () => true);
    expect(await runWithStepUp(action, confirm, STILL_NOT_CONFIRMED)).toEqual(done);
    expect(confirm).toHaveBeenCalledTimes(1);
    expect(action).toHaveBeenCalledTimes(2);
  });

  it("stops when the user cancels the dialog", async () => {
    const action = sequence(reauth, done);
    expect(await runWithStepUp(action, async () => false, STILL_NOT_CONFIRMED)).toEqual({
      kind: "cancelled",
    });
    expect(action).toHaveBeenCalledTimes(1);
  });

  it("reports a second refusal instead of asking forever", async () => {
    const action = sequence(reauth, reauth);
    const confirm = vi.fn(async () => true);
    expect(await runWithStepUp(action, confirm, STILL_NOT_CONFIRMED)).toEqual({
      kind: "failed",
      fieldErrors: {},
      formErrors: [STILL_NOT_CONFIRMED],
    });
    expect(confirm).toHaveBeenCalledTimes(1);
  });
});
