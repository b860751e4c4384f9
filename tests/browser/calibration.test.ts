/**
 * The card's calibration view in Chromium, against the real calibration manager behind the test
 * sidecar: an administrator records spots on the plan while the test feeds the phone's readings
 * (one node deliberately miscalibrated), reads the fit per node, and applies it to the temporary
 * copy of floorplan.yaml.
 */
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../server/config/load.ts';
import type { Vec3 } from '../../server/config/types.ts';
import type { RawReading } from '../../server/engine/types.ts';
import type { CalibrationDevice } from '../../server/sinks/card/messages.ts';
import { planToScreen } from './support/plan.ts';
import { useBrowser, type BrowserTest } from './support/suite.ts';

const browser = useBrowser();
const CARD = { type: 'custom:floorplan-presence-card' };
const PANEL = 'floorplan-presence-calibration';
const CALIBRATE = 'button.calibrate';
const PHONE: CalibrationDevice = { device: 'aa:bb:cc:00:00:01', entity_id: 'person.alice', name: 'Alice’s phone', nodes_hearing: 6 };
/** The example house's ground-floor nodes; the first reports distances 50 % long. */
const GROUND_NODES = ['D4:8A:FC:10:00:01', 'D4:8A:FC:10:00:02', 'd4-8a-fc-10-00-03', 'D4-8A-FC-10-00-04', 'D4:8A:FC:10:00:05', 'D4:8A:FC:10:00:06'];
const MISCALIBRATED = 'D4:8A:FC:10:00:01';
const LONG_BY = 1.5;
/** This one reports raw RSSI, from a weaker antenna than the plan's model (−55 dBm at 1 m, attenuation 3). */
const RSSI_NODE = 'D4:8A:FC:10:00:05';
const RSSI_MODEL = { ref_power: -62, attenuation: 2.6 };
/** Where the user stands: living room, study, kitchen; the phone at the plan's device height (1 m). */
const SPOTS: Vec3[] = [
  [2.5, 2, 1],
  [8.5, 1.5, 1],
  [8.5, 6.5, 1],
];
const READINGS_PER_NODE = 12;
const SECONDS = 30;

/** Clicks the plan at plan metres on the ground floor. */
async function tapPlan(test: BrowserTest, [x, y]: readonly number[]): Promise<void> {
  await test.card.card.locator('svg.plan').scrollIntoViewIfNeeded();
  const map = await planToScreen(test.card.card, test.sidecar.store.config.rooms.filter((r) => r.floor === 'ground'));
  await test.card.page.mouse.click(...map(x!, y!));
}

/** The phone's readings at `at` over the recording, as Bermuda would report them: ±2 % (±2 dB) of noise, one node long, one in RSSI. */
function readingsAt(test: BrowserTest, at: Vec3): RawReading[] {
  const start = test.sidecar.clock;
  return GROUND_NODES.flatMap((id) => {
    const node = test.sidecar.store.config.beaconNodes.find((n) => n.id === id)!;
    const truth = Math.hypot(...node.coordinates.map((c, i) => c - at[i]!));
    const factor = id === MISCALIBRATED ? LONG_BY : 1;
    return Array.from({ length: READINGS_PER_NODE }, (_, k): RawReading => {
      const reading = { t: start + 1 + 2 * k, device: PHONE.device, scanner: id };
      const noise = Math.sin(3 * k + id.length);
      if (id !== RSSI_NODE) return { ...reading, distance: truth * factor * (1 + 0.02 * noise) };
      return { ...reading, rssi: Math.round(RSSI_MODEL.ref_power - 10 * RSSI_MODEL.attenuation * Math.log10(truth) + 2 * noise) };
    });
  });
}

/** Shows the card and starts a session with the phone from it, as an administrator does. */
async function startSession(test: BrowserTest) {
  test.sidecar.calibrationDevices = [PHONE];
  await test.card.mount({ config: CARD });
  await test.card.card.locator(CALIBRATE).click();
  const panel = test.card.card.locator(PANEL);
  const device = panel.locator('select[data-field="device"]');
  await expect.poll(() => device.textContent()).toContain('Alice’s phone · 6 nodes hearing');
  await panel.locator('button[data-action="start"]').click();
  await panel.locator('.instructions').waitFor();
  return panel;
}

describe('calibration from the card', () => {
  it('records three spots, shows each node’s fit on its chart, and writes the fit into floorplan.yaml', async () => {
    const test = browser();
    const { card } = test.card;
    // Alice stands on the first spot: a tap there records the spot, it does not open her dialog.
    test.sidecar.positions = test.factory.positions([test.factory.located('person.alice', SPOTS[0]!)]);
    const panel = await startSession(test);
    await panel.locator('select[data-field="duration"]').selectOption(String(SECONDS));

    for (const [i, spot] of SPOTS.entries()) {
      await tapPlan(test, spot);
      await expect.poll(() => test.sidecar.calibration.view().session?.recording ?? null).not.toBeNull();
      const recording = test.sidecar.calibration.view().session!.recording!;
      expect(Math.hypot(recording.coordinates[0] - spot[0], recording.coordinates[1] - spot[1])).toBeLessThan(0.1);
      expect(recording.coordinates[2]).toBeCloseTo(spot[2]);
      expect((Date.parse(recording.ends) - Date.parse(recording.started)) / 1000).toBe(SECONDS);
      await card.locator('svg.plan g.calibration-spot.recording').waitFor();
      await panel.locator('[role="progressbar"]').waitFor();

      test.sidecar.calibration.record(readingsAt(test, spot));
      await expect.poll(() => panel.locator('.recording').innerText()).toMatch(new RegExp(`${READINGS_PER_NODE * GROUND_NODES.length} samples · 6 nodes heard`));
      test.sidecar.clock += SECONDS + 1;
      await expect.poll(() => panel.locator('table.spots tbody tr').count()).toBe(i + 1);
    }
    expect(await test.card.harness('events')).not.toContainEqual(expect.objectContaining({ type: 'hass-more-info' }));

    // The spots: numbered on the plan, and listed with the error before → after.
    await expect.poll(() => card.locator('svg.plan g.calibration-spot').count()).toBe(SPOTS.length);
    expect(await card.locator('svg.plan g.calibration-spot.recording').count()).toBe(0);
    for (const row of await panel.locator('table.spots tbody tr').all()) expect(await row.innerText()).toMatch(/^\d\s+6\s+\d+\.\d m → \d+\.\d m/);

    // The fit: one row and chart per node heard, every sample drawn.
    const fit = test.sidecar.calibration.view().fit!;
    expect(fit.nodes.map((n) => n.node).sort()).toEqual([...GROUND_NODES].sort());
    expect(fit.error_after!).toBeLessThan(fit.error_before!);
    await expect.poll(() => panel.locator('.median').textContent()).toContain('→');
    for (const node of fit.nodes) {
      const row = panel.locator(`article.node-fit[data-node-id="${node.node}"]`);
      expect(await row.locator('svg circle.point').count()).toBe(node.points.length);
      expect(await row.locator('svg line.curve.current').count()).toBe(1);
    }
    const long = fit.nodes.find((n) => n.node === MISCALIBRATED)!;
    expect(long.fitted.distance_scale).toBeCloseTo(1 / LONG_BY, 2);
    const row = panel.locator(`article.node-fit[data-node-id="${MISCALIBRATED}"]`);
    expect(await row.locator('dd[data-field="distance_scale"]').textContent()).toBe(`1.00 → ${long.fitted.distance_scale!.toFixed(2)}`);
    expect(await row.locator('dd[data-field="persistent_share"]').textContent()).toBe(long.persistent_share === null ? '—' : `${Math.round(long.persistent_share * 100)} %`);
    const ends = (kind: string) =>
      row.locator(`svg line.curve.${kind}`).evaluate((line: { getAttribute(n: string): string | null }) => ['x1', 'y1', 'x2', 'y2'].map((a) => Number(line.getAttribute(a))));
    const [current, fitted] = [await ends('current'), await ends('fitted')];
    // Both start at the origin; the fitted curve is steeper (reported distances are long).
    expect(fitted.slice(0, 2)).toEqual(current.slice(0, 2));
    const slope = ([x1, y1, x2, y2]: number[]) => (y1! - y2!) / (x2! - x1!);
    expect(slope(fitted) / slope(current)).toBeCloseTo(LONG_BY, 1);
    // The RSSI node: RSSI against distance, the fitted model near the one the readings came from.
    const rssi = fit.nodes.find((n) => n.node === RSSI_NODE)!;
    expect(rssi.kind).toBe('rssi');
    expect(rssi.fitted.ref_power).toBeGreaterThan(RSSI_MODEL.ref_power - 3);
    expect(rssi.fitted.ref_power).toBeLessThan(RSSI_MODEL.ref_power + 3);
    const rssiRow = panel.locator(`article.node-fit[data-node-id="${RSSI_NODE}"]`);
    expect(await rssiRow.locator('svg').getAttribute('aria-label')).toMatch(/RSSI \(dBm\) against true distance/);
    expect(await rssiRow.locator('svg line.curve.fitted').count()).toBe(1);
    await test.card.screenshot('calibration-light');
    await test.card.screenshot('calibration-panel', panel);
    await test.card.harness('setTheme', true);
    await test.card.screenshot('calibration-dark');
    await test.card.harness('setTheme', false);

    // Apply: confirm the listed changes, then the file has the node's scale.
    await panel.locator('button[data-action="apply"]').click();
    const confirm = panel.locator('.confirm[role="alertdialog"]');
    expect(await confirm.textContent()).toContain(`Living room shelf: distance_scale ${long.fitted.distance_scale!.toFixed(2)}`);
    await confirm.locator('button[data-action="confirm"]').click();
    await expect.poll(() => panel.locator(`.written li[data-node-id="${MISCALIBRATED}"]`).innerText()).toBe(`Living room shelf: distance_scale ${long.fitted.distance_scale!.toFixed(2)}`);
    const { config } = await loadConfigFile(test.sidecar.file);
    expect(config!.beaconNodes.find((n) => n.id === MISCALIBRATED)!.distanceScale).toBe(long.fitted.distance_scale);
    expect(await test.sidecar.text()).toMatch(/"D4:8A:FC:10:00:01": # living room, bookshelf\n(\s+.*\n)*?\s+distance_scale: 0\.6\d+\n/);
    // The session has ended: the panel offers a new one, and the plan has no spots left.
    await panel.locator('button[data-action="start"]').waitFor();
    await expect.poll(() => card.locator('svg.plan g.calibration-spot').count()).toBe(0);
  });

  it('shows a refused spot in the panel and keeps what the user typed; cancelling asks first and ends the polling with the mode', async () => {
    const test = browser();
    const panel = await startSession(test);
    const height = panel.locator('input[data-field="height"]');
    await height.fill('9');
    await tapPlan(test, SPOTS[1]!);
    await expect.poll(() => panel.locator('.error[role="alert"]').textContent()).toMatch(/`height` must be between 0 and 2\.6 m/);
    expect(await height.inputValue()).toBe('9');
    expect(test.sidecar.calibration.view().session!.recording).toBeNull();

    await panel.locator('button[data-action="cancel"]').click();
    await panel.locator('.confirm button[data-action="back"]').click();
    expect(test.sidecar.calibration.view().session).not.toBeNull();
    await panel.locator('button[data-action="cancel"]').click();
    await panel.locator('.confirm button[data-action="confirm"]').click();
    await expect.poll(() => test.sidecar.calibration.view().session).toBeNull();

    const polls = async () => ((await test.card.harness('calls')) as string[]).filter((name) => name === 'calibration_status').length;
    await test.card.card.locator(CALIBRATE).click();
    await panel.waitFor({ state: 'detached' });
    const after = await polls();
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(await polls()).toBe(after);
  });

  it('records a spot at the middle of a room picked from a list, on that room’s floor, without touching the plan', async () => {
    const test = browser();
    const panel = await startSession(test);
    const room = panel.locator('select[data-field="spot-room"]');
    // Every room is offered, with its floor: the house has two.
    expect(await room.locator('option').count()).toBe(test.sidecar.store.config.rooms.length);
    expect(await room.locator('option[value="office"]').textContent()).toBe('Office · First');

    // The office is upstairs while the plan shows the ground floor: the spot goes where the room is.
    await room.selectOption('office');
    await panel.locator('button[data-action="record-room"]').click();
    await expect.poll(() => test.sidecar.calibration.view().session?.recording ?? null).not.toBeNull();
    const [x, y, z] = test.sidecar.calibration.view().session!.recording!.coordinates;
    expect([x, y]).toEqual([2.5, 6.25]);
    // The first floor starts at the ground floor's 2.6 m; the phone at the plan's device height above it.
    expect(z).toBeCloseTo(2.6 + 1);
    // While it records, the list goes with the instructions: one spot at a time.
    expect(await panel.locator('button[data-action="record-room"]').count()).toBe(0);
  });

  it('fits a phone’s card: a long device name and the room list stay inside it', async () => {
    const test = browser();
    const phone = { ...PHONE, name: 'Alice’s phone, the one the companion app named after its owner and its model' };
    test.sidecar.calibrationDevices = [phone];
    await test.card.mount({ config: CARD, width: 340 });
    await test.card.card.locator(CALIBRATE).click();
    const panel = test.card.card.locator(PANEL);
    await expect.poll(() => panel.locator('select[data-field="device"]').textContent()).toContain(phone.name);
    const card = (await test.card.card.boundingBox())!;
    // The right edge of everything the panel draws.
    const rightmost = async () => Math.max(...(await panel.evaluate((host) => [...host.shadowRoot!.querySelectorAll('*')].map((el) => el.getBoundingClientRect().right))));
    expect(await rightmost()).toBeLessThanOrEqual(card.x + card.width + 0.5);
    await panel.locator('button[data-action="start"]').click();
    await panel.locator('select[data-field="spot-room"]').waitFor();
    expect(await rightmost()).toBeLessThanOrEqual(card.x + card.width + 0.5);
  });

  it('shows each reference beacon’s position error and the drift of every node that hears it', async () => {
    const test = browser();
    // light.kitchen (a static entity at [8.5, 6.5, 2.55]) is also a tracked smart plug, placed 0.5 m off.
    const plug = 'cc:dd:ee:00:00:09';
    const at: Vec3 = [8.5, 6.5, 2.55];
    test.sidecar.referenceLinks = [
      {
        entityId: 'light.kitchen',
        device: plug,
        fix: { t: test.sidecar.clock, device: plug, coordinates: [8.8, 6.1, 2.5], accuracy: 0.4, confidence: 0.8, floor: 'ground', room: 'kitchen', method: 'tracked', nodesUsed: [], residualRms: null, iterations: 3 },
      },
    ];
    const truth = (id: string) => Math.hypot(...test.sidecar.store.config.beaconNodes.find((n) => n.id === id)!.coordinates.map((c, i) => c - at[i]!));
    // The kitchen node reads 12 % long; the study node hears 3 dB more than the plan's model (−55 dBm at 1 m, attenuation 3) says.
    test.sidecar.calibration.record(
      Array.from({ length: 10 }, (_, k): RawReading[] => [
        { t: test.sidecar.clock + k, device: plug, scanner: 'D4:8A:FC:10:00:05', distance: truth('D4:8A:FC:10:00:05') * 1.12 },
        { t: test.sidecar.clock + k, device: plug, scanner: 'D4-8A-FC-10-00-04', rssi: -55 - 30 * Math.log10(truth('D4-8A-FC-10-00-04')) + 3 },
      ]).flat(),
    );
    await test.card.mount({ config: CARD });
    await test.card.card.locator(CALIBRATE).click();
    const beacon = test.card.card.locator(`${PANEL} .reference[data-entity-id="light.kitchen"]`);
    await expect.poll(() => beacon.innerText()).toContain('position error 0.5 m');
    expect(await beacon.locator('li[data-node-id="D4:8A:FC:10:00:05"]').innerText()).toBe('Kitchen +12 %');
    expect(await beacon.locator('li[data-node-id="D4-8A-FC-10-00-04"]').innerText()).toBe('Study +3.0 dB');
  });

  it('offers calibration to administrators only', async () => {
    const test = browser();
    await test.card.mount({ config: CARD, isAdmin: false });
    await test.card.card.locator('svg.plan').waitFor();
    expect(await test.card.card.locator(CALIBRATE).count()).toBe(0);
  });
});
