import { getTranslations } from "next-intl/server";
export type ApiErrorDetail = {
  code: string;
  message: string;
  param?: string;
};

export type ApiFailure = {
  ok: false;
  status: number;
  errors: ApiErrorDetail[];
  /** Seconds from the Retry-After header of a 429, when the backend sent one. */
  retryAfter: number | null;
};

export type FormErrors<Field extends string> = {
  fieldErrors: Partial<Record<Field, string[]>>;
  formErrors: string[];
};

/** A sign-in past its deadline: Django refused it (408), or this server stopped waiting. Either way no session. */
export const DEADLINE_EXCEEDED_CODE = "deadline_exceeded";
/** For logs only: forms show errors.signInTimedOut in the page's language. */
export const SIGN_IN_TIMED_OUT_MESSAGE =
  "The server took too long to answer, so you were not signed in. Please try again.";

export async function throttledMessage(retryAfter: number | null): Promise<string> {
  const t = await getTranslations("errors");
  if (retryAfter === null) return t("throttled");
  return t("throttledFor", { seconds: Math.max(1, Math.ceil(retryAfter)) });
}

/** Parses Retry-After, which may be delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (!value) {
    return null;
  }
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) {
    return Number(trimmed);
  }
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - now) / 1000));
}

/**
 * Turns the backend's `{status, errors[]}` into errors a form can render next to its own fields. The backend's
 * messages arrive in the page's language (Accept-Language, lib/api/client.ts); what this server says itself comes
 * from the catalogues.
 */
export async function toFormErrors<Field extends string>(
  failure: ApiFailure,
  fields: readonly Field[],
): Promise<FormErrors<Field>> {
  const t = await getTranslations("errors");
  if (failure.status === 429) {
    return { fieldErrors: {}, formErrors: [await throttledMessage(failure.retryAfter)] };
  }
  if (failure.status === 0) {
    const timedOut = failure.errors.some((error) => error.code === DEADLINE_EXCEEDED_CODE);
    return {
      fieldErrors: {},
      formErrors: [timedOut ? t("signInTimedOut") : t("unavailable")],
    };
  }

  const fieldErrors: Partial<Record<Field, string[]>> = {};
  const formErrors: string[] = [];
  for (const error of failure.errors) {
    if (error.code === "invalid_credentials") {
      formErrors.push(t("invalidCredentials"));
    } else if (error.param !== undefined && isField(error.param, fields)) {
      fieldErrors[error.param] = [...(fieldErrors[error.param] ?? []), error.message];
    } else {
      formErrors.push(error.message);
    }
  }
  if (formErrors.length === 0 && Object.keys(fieldErrors).length === 0) {
    formErrors.push(failure.status === 401 ? t("invalidCredentials") : t("generic"));
  }
  return { fieldErrors, formErrors: [...new Set(formErrors)] };
}

function isField<Field extends string>(param: string, fields: readonly Field[]): param is Field {
  return (fields as readonly string[]).includes(param);
}

/** The backend wants this session to prove who it is again before a sensitive change (step-up). */
export function isReauthRequired(failure: ApiFailure): boolean {
  return (
    failure.status === 403 && failure.errors.some((e) => e.code === "reauthentication_required")
  );
}
