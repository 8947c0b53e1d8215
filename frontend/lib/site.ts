export const APP_NAME = "Keystone";
export const APP_TAGLINE = "Secure accounts for your workspace.";
