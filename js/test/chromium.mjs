// Debian's Chromium through playwright-core, as every browser test launches it (scripts/setup.sh
// installs it; `npx playwright install` cannot run here).
import { existsSync } from "node:fs";
import { chromium } from "playwright-core";

export const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export function launchChromium() {
  if (!existsSync(executablePath)) throw new Error(`Chromium not found at ${executablePath}: run scripts/setup.sh`);
  return chromium.launch({
    executablePath,
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run",
    ],
  });
}
