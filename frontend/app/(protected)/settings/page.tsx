import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { LanguageSwitcher } from "@/components/i18n/language-switcher";
import { DeleteAccount } from "@/components/settings/delete-account";
import { EmailForm } from "@/components/settings/email-form";
import { PasswordForm } from "@/components/settings/password-form";
import { ProfileForm } from "@/components/settings/profile-form";
import { SettingsSection } from "@/components/settings/settings-section";
import { requireUser } from "@/lib/session";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("settings"))("title") };
}

export default async function SettingsPage() {
  const user = await requireUser();
  const t = await getTranslations("settings");

  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-zinc-900 sm:text-3xl">
          {t("title")}
        </h1>
        <p className="mt-1 text-zinc-600">{t("lead")}</p>
      </div>

      <SettingsSection id="profile" title={t("profileTitle")} description={t("profileDescription")}>
        <ProfileForm name={user.name} />
      </SettingsSection>

      <SettingsSection
        id="password"
        title={t("passwordTitle")}
        description={t("passwordDescription")}
      >
        <PasswordForm username={user.email} />
      </SettingsSection>

      <SettingsSection id="email" title={t("emailTitle")} description={t("emailDescription")}>
        <p className="mb-5 text-sm text-zinc-700">
          {t.rich("currentEmail", {
            email: user.email,
            strong: (chunks) => (
              <span className="font-medium wrap-anywhere text-zinc-900">{chunks}</span>
            ),
          })}
          {user.email_verified ? null : <span className="text-zinc-600"> {t("notVerified")}</span>}
        </p>
        <EmailForm username={user.email} />
      </SettingsSection>

      <SettingsSection
        id="danger"
        title={t("dangerTitle")}
        description={t("dangerDescription")}
        tone="danger"
      >
        <div className="space-y-6">
          <div>
            <a
              href="/settings/export"
              download="latchkey-data.json"
              className="inline-flex items-center justify-center rounded-lg border border-zinc-300 bg-white px-3 py-1.5 text-sm font-semibold text-zinc-900 shadow-xs hover:bg-zinc-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-zinc-900"
            >
              {t("download")}
            </a>
            <p className="mt-2 text-sm text-zinc-600">{t("downloadHint")}</p>
          </div>
          <DeleteAccount />
        </div>
      </SettingsSection>

      <SettingsSection
        id="language"
        title={t("languageTitle")}
        description={t("languageDescription")}
      >
        <LanguageSwitcher labelledBy="language-heading" />
      </SettingsSection>
    </div>
  );
}
