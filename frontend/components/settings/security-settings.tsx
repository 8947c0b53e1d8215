"use client";

import { useState } from "react";
import {
  ConnectedAccounts,
  type ConnectOutcome,
  type SocialAccountView,
} from "@/components/settings/connected-accounts";
import { PasskeySettings, type PasskeyView } from "@/components/settings/passkey-settings";
import { NewRecoveryCodes, RecoveryCodesSettings } from "@/components/settings/recovery-codes";
import { SettingsSection } from "@/components/settings/settings-section";
import { StepUpProvider } from "@/components/settings/step-up";
import { TotpSettings } from "@/components/settings/totp-settings";
import { useTranslations } from "@/i18n/client";
import { type Factors, hasSecondFactor } from "@/lib/mfa";
import type { ProviderChoice } from "@/lib/social-providers";

export type SecuritySettingsProps = {
  account: string;
  totpEnabled: boolean;
  recoveryCodes: { total: number; remaining: number };
  passkeys: PasskeyView[];
  /** Connected accounts; null hides the section (no provider configured and none connected). */
  social: {
    accounts: SocialAccountView[];
    available: ProviderChoice[];
    resume: string | null;
    outcome: ConnectOutcome | null;
  } | null;
};

/**
 * Two-factor and passkeys. New recovery codes are kept here, above the sections, so they stay on screen while the
 * page refreshes to show the factor that was just turned on.
 */
export function SecuritySettings({
  account,
  totpEnabled,
  recoveryCodes,
  passkeys,
  social,
}: SecuritySettingsProps) {
  const [newCodes, setNewCodes] = useState<string[] | null>(null);
  const t = useTranslations("security");
  const factors: Factors = {
    totp: totpEnabled,
    passkeys: passkeys.length,
    recoveryCodesLeft: recoveryCodes.remaining,
  };
  const mfaEnabled = hasSecondFactor(factors);

  return (
    <StepUpProvider factors={factors}>
      <div className="space-y-8">
        {newCodes ? (
          <NewRecoveryCodes
            codes={newCodes}
            account={account}
            onDismiss={() => setNewCodes(null)}
          />
        ) : null}

        <SettingsSection id="totp" title={t("totpTitle")} description={t("totpDescription")}>
          <TotpSettings enabled={totpEnabled} onNewCodes={setNewCodes} />
        </SettingsSection>

        <SettingsSection
          id="passkeys"
          title={t("passkeysTitle")}
          description={t("passkeysDescription")}
        >
          <PasskeySettings passkeys={passkeys} onNewCodes={setNewCodes} />
        </SettingsSection>

        {social ? (
          <SettingsSection
            id="connected-accounts"
            title={t("connectedTitle")}
            description={t("connectedDescription")}
          >
            <ConnectedAccounts {...social} />
          </SettingsSection>
        ) : null}

        {mfaEnabled ? (
          <SettingsSection
            id="recovery-codes"
            title={t("recoveryTitle")}
            description={t("recoveryDescription")}
          >
            <RecoveryCodesSettings
              total={recoveryCodes.total}
              remaining={recoveryCodes.remaining}
              onNewCodes={setNewCodes}
            />
          </SettingsSection>
        ) : null}
      </div>
    </StepUpProvider>
  );
}
