import { getTranslations } from "next-intl/server";
import type { z } from "zod";
import { fieldErrorsOf as untranslatedFieldErrors } from "@/lib/form-data";
import { LIMIT_VALUES } from "./limits";

/**
 * A schema's message in the page's language. Schemas carry keys ("validation.emailRequired") rather than text, so
 * one schema serves every language; a message without a key (zod's own) becomes a generic one.
 */
export async function validationMessage(key: string | undefined): Promise<string> {
  const t = await getTranslations();
  const known = key !== undefined && t.has(key as never);
  return t((known ? key : "validation.checkValue") as never, LIMIT_VALUES as never);
}

/** lib/form-data's fieldErrorsOf, translated. */
export async function fieldErrorsOf<Field extends string>(
  error: z.ZodError,
): Promise<Partial<Record<Field, string[]>>> {
  const errors = untranslatedFieldErrors<Field>(error);
  const translated: Partial<Record<Field, string[]>> = {};
  for (const [field, messages] of Object.entries(errors) as [Field, string[]][]) {
    translated[field] = await Promise.all(messages.map(validationMessage));
  }
  return translated;
}
