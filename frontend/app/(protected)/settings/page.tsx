import type { Metadata } from "next";
import { DeleteAccount } from "@/components/settings/delete-account";
import { EmailForm } from "@/components/settings/email-form";
import { PasswordForm } from "@/components/settings/password-form";
import { ProfileForm } from "@/components/settings/profile-form";
import { SettingsSection } from "@/components/settings/settings-section";
import { requireUser } from "@/lib/session";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const user = await requireUser();

  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-zinc-900 sm:text-3xl">
          Settings
        </h1>
        <p className="mt-1 text-zinc-600">Manage your profile, password and email address.</p>
      </div>

      <SettingsSection id="profile" title="Profile" description="How we address you.">
        <ProfileForm name={user.name} />
      </SettingsSection>

      <SettingsSection
        id="password"
        title="Password"
        description="Changing it signs out every other device."
      >
        <PasswordForm username={user.email} />
      </SettingsSection>

      <SettingsSection
        id="email"
        title="Email"
        description="We send a confirmation link to the new address; nothing changes until it is opened."
      >
        <p className="mb-5 text-sm text-zinc-700">
          Current email:{" "}
          <span className="font-medium wrap-anywhere text-zinc-900">{user.email}</span>
          {user.email_verified ? null : <span className="text-zinc-600"> (not verified yet)</span>}
        </p>
        <EmailForm username={user.email} />
      </SettingsSection>

      <SettingsSection
        id="danger"
        title="Danger zone"
        description="Take your data with you, or delete your account."
        tone="danger"
      >
        <div className="space-y-6">
          <div>
            <a
              href="/settings/export"
              download="latchkey-data.json"
              className="inline-flex items-center justify-center rounded-lg border border-zinc-300 bg-white px-3 py-1.5 text-sm font-semibold text-zinc-900 shadow-xs hover:bg-zinc-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-zinc-900"
            >
              Download my data
            </a>
            <p className="mt-2 text-sm text-zinc-600">
              A JSON file with your profile, sessions and security history.
            </p>
          </div>
          <DeleteAccount />
        </div>
      </SettingsSection>
    </div>
  );
}
