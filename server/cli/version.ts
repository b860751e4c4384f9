/** The sidecar's version, as package.json has it; the integration logs it when the sidecar attaches. */
import { readFileSync } from 'node:fs';

function packageVersion(): string {
  // server/cli (tsx) and dist/server/cli (tsc) both find package.json by walking up.
  for (const relative of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'floorplan-presence' && pkg.version) return pkg.version;
    } catch {
      // Not at this level.
    }
  }
  return 'unknown';
}

export const VERSION = packageVersion();
