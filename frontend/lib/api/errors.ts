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

export const INVALID_CREDENTIALS_MESSAGE = "Invalid email or password.";
export const GENERIC_ERROR_MESSAGE = "Something went wrong on our side. Please try again.";
export const UNAVAILABLE_MESSAGE =
  "The service is unreachable right now. Please try again in a moment.";
/** A sign-in past its deadline: Django refused it (408), or this server stopped waiting. Either way no session. */
export const DEADLINE_EXCEEDED_CODE = "deadline_exceeded";
export const SIGN_IN_TIMED_OUT_MESSAGE =
  "The server took too long to answer, so you were not signed in. Please try again.";

export function throttledMessage(retryAfter: number | null): string {
  if (retryAfter === null) {
    return "Too many attempts. Try again later.";
  }
  const seconds = Math.max(1, Math.ceil(retryAfter));
  return `Too many attempts. Try again in ${seconds} ${seconds === 1 ? "second" : "seconds"}.`;
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

/** Turns the backend's `{status, errors[]}` into errors a form can render next to its own fields. */
export function toFormErrors<Field extends string>(
  failure: ApiFailure,
  fields: readonly Field[],
): FormErrors<Field> {
  if (failure.status === 429) {
    return { fieldErrors: {}, formErrors: [throttledMessage(failure.retryAfter)] };
  }
  if (failure.status === 0) {
    const timedOut = failure.errors.some((error) => error.code === DEADLINE_EXCEEDED_CODE);
    return {
      fieldErrors: {},
      formErrors: [timedOut ? SIGN_IN_TIMED_OUT_MESSAGE : UNAVAILABLE_MESSAGE],
    };
  }

  const fieldErrors: Partial<Record<Field, string[]>> = {};
  const formErrors: string[] = [];
  for (const error of failure.errors) {
    if (error.code === "invalid_credentials") {
      formErrors.push(INVALID_CREDENTIALS_MESSAGE);
    } else if (error.param !== undefined && isField(error.param, fields)) {
      fieldErrors[error.param] = [...(fieldErrors[error.param] ?? []), error.message];
    } else {
      formErrors.push(error.message);
    }
  }
  if (formErrors.length === 0 && Object.keys(fieldErrors).length === 0) {
    formErrors.push(failure.status === 401 ? INVALID_CREDENTIALS_MESSAGE : GENERIC_ERROR_MESSAGE);
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
