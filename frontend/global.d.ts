import type messages from "./messages/en.json";

// English is the source: a key missing from en.json, or a wrong placeholder, is a type error.
declare module "next-intl" {
  interface AppConfig {
    Messages: typeof messages;
  }
}
