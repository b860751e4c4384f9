/** `floorplan enable-sensors`: enables the distance sensors Bermuda creates disabled. */
import { fail, parseOptions } from './common.ts';
import { HOME_ASSISTANT_USAGE, SettingsError } from './home-assistant.ts';
import { withOneShotSidecar } from './one-shot.ts';
import { SERVE_OPTIONS } from './serve.ts';

const USAGE = `Usage: floorplan enable-sensors [options]

Bermuda creates its per-scanner distance sensors disabled. This enables, for every tracked device
and scanner that has none enabled, the filtered distance sensor (\`..._range\`), then reloads
Bermuda so they report at once. Needs an administrator's token.

${HOME_ASSISTANT_USAGE}
Options:
  -c, --config FILE   floorplan.yaml (default: through the floorplan integration)
  -h, --help          show this help
`;

export async function runEnableSensors(argv: string[]): Promise<number> {
  const args = parseOptions('enable-sensors', argv, SERVE_OPTIONS, USAGE);
  if (typeof args === 'number') return args;
  try {
    const { enabled } = (await withOneShotSidecar(args, (sidecar) => sidecar.enableSensors())) as { enabled: string[] };
    process.stdout.write(enabled.length === 0 ? 'Every Bermuda distance pair already has an enabled sensor.\n' : `Enabled ${enabled.length} sensors:\n${enabled.map((id) => `  ${id}\n`).join('')}`);
    return 0;
  } catch (err) {
    if (err instanceof SettingsError) return fail('enable-sensors', err.message);
    throw err;
  }
}
