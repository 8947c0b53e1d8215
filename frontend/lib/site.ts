export const APP_NAME = "Latchkey";
export const APP_TAGLINE = "Secure accounts for your workspace.";
