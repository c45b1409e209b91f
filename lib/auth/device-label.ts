// A readable name for a session's browser from its User-Agent ("Firefox on Linux"). Only a label
// for people recognising their own devices: user agents are typed by the client and prove nothing.
const BROWSERS: Array<[RegExp, string]> = [
  [/Edg(e|A|iOS)?\//, "Edge"],
  [/OPR\/|Opera/, "Opera"],
  [/Firefox\/|FxiOS\//, "Firefox"],
  [/Chrome\/|CriOS\//, "Chrome"],
  [/Safari\//, "Safari"],
  [/^curl\//, "curl"],
];
const SYSTEMS: Array<[RegExp, string]> = [
  [/iPhone|iPad|iPod/, "iOS"],
  [/Android/, "Android"],
  [/Windows/, "Windows"],
  [/Mac OS X|Macintosh/, "macOS"],
  [/CrOS/, "ChromeOS"],
  [/Linux/, "Linux"],
];

/** The words around the names, in the viewer's language (account.sessions.deviceName). */
export type DeviceWords = { on: (browser: string, system: string) => string; unknown: string; other: string };

const ENGLISH: DeviceWords = {
  on: (browser, system) => `${browser} on ${system}`,
  unknown: "Unknown device",
  other: "Other client",
};

export function deviceLabel(userAgent: string, words: DeviceWords = ENGLISH): string {
  if (!userAgent.trim()) return words.unknown;
  const browser = BROWSERS.find(([re]) => re.test(userAgent))?.[1];
  const system = SYSTEMS.find(([re]) => re.test(userAgent))?.[1];
  if (browser && system) return words.on(browser, system);
  return browser ?? system ?? words.other;
}
