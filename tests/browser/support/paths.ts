/** Where things are, whatever the working directory. */
import { join } from 'node:path';

export const REPO = join(import.meta.dirname, '..', '..', '..');
/** Screenshots and traces (gitignored as tests/**\/out/). */
export const OUT_DIR = join(REPO, 'tests', 'browser', 'out');
export const EXAMPLE_CONFIG = join(REPO, 'floorplan', 'example.yaml');
