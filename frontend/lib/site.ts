export const APP_NAME = "Latchkey";
