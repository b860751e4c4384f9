/**
 * The calibration the card drives: one stand-here session at a time (the device the user carries,
 * the spots where they stood), the reference beacons' recent readings, the fit of both, and apply,
 * which writes the fitted values into floorplan.yaml. The session is saved after every change, so
 * a restarted sidecar continues it.
 */
import type { ConfigStore } from '../config/store.ts';
import type { FloorplanConfig } from '../config/types.ts';
import { FloorplanModel } from '../engine/model.ts';
import type { RawReading } from '../engine/types.ts';
import { invalid } from '../services/errors.ts';
import { requiredText, type ServiceData } from '../services/input.ts';
import { applyChanges } from '../services/node-edits.ts';
import { isoTime } from '../services/queries.ts';
import type { CalibrationApplyResult, CalibrationDevice, CalibrationView } from '../sinks/card/messages.ts';
import { ReferenceWindows, type ReferenceLink } from './reference.ts';
import { CalibrationSession, type Place } from './session.ts';
import { moveAside, readSessionFile, SessionFileError, writeSessionFile } from './session-file.ts';
import { readSpotId, readSpotRequest } from './request-data.ts';
import { analyse, sessionView, type Analysis } from './view.ts';
import { calibrationEdits, nodeWrites } from './write.ts';

export type { ReferenceLink } from './reference.ts';

/** What the manager works with; the sidecar and the demo provide it. */
export interface CalibrationEnvironment {
  /** `store.config` is the configuration in use; apply writes through it. */
  readonly store: ConfigStore;
  /** Where the session is kept across restarts (JSON); null: in memory only. */
  readonly stateFile: string | null;
  /** Seconds since the epoch, on the readings' clock (RawReading.t). */
  now(): number;
  /** Devices the user can calibrate with. */
  devices(): CalibrationDevice[];
  /** Static entities matched with tracked devices; asked on every batch, so keep it cheap. */
  references(): ReferenceLink[];
  /** Apply wrote floorplan.yaml: the configuration in use changed. */
  configChanged(config: FloorplanConfig): void;
  /** A spot began recording at `place` from `started` to `ends` (seconds); the demo stands its phone there. */
  recordingStarted?(place: Place, started: number, ends: number): void;
  log(message: string): void;
}

export class CalibrationManager {
  private session: CalibrationSession | null = null;
  private readonly references = new ReferenceWindows();
  /** State file writes, one after another in the order of the changes. */
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly env: CalibrationEnvironment) {}

  /** Restores a saved session; an unusable file is reported and moved aside, never deleted. */
  async load(): Promise<void> {
    const file = this.env.stateFile;
    if (file === null) return;
    try {
      const state = await readSessionFile(file);
      this.session = state && new CalibrationSession(state);
      if (state) this.env.log(`calibration: continuing the session of ${state.name} with ${state.spots.length} spots from ${file}`);
    } catch (err) {
      if (!(err instanceof SessionFileError)) throw err;
      try {
        this.env.log(`calibration: ${err.message}; moved it to ${await moveAside(file)} and starting without a session`);
      } catch (renameError) {
        this.env.log(`calibration: ${err.message}; cannot move it aside (${(renameError as Error).message}); starting without a session`);
      }
    }
  }

  /** Every batch the engine gets: the session device's readings while a spot records, and the reference beacons'. */
  record(batch: readonly RawReading[]): void {
    this.references.record(batch, this.env.references());
    this.session?.record(batch);
    this.tick();
  }

  /** Ends a recording whose time is up, and saves the spot. */
  tick(): void {
    if (this.session?.finishDue(this.env.now())) this.save();
  }

  view(): CalibrationView {
    this.tick();
    const config = this.env.store.config;
    const model = new FloorplanModel(config);
    const links = this.env.references();
    const analysis = this.analyse(config, model, links);
    return {
      session: this.session && sessionView(this.session, config, model, analysis?.spotErrors ?? []),
      devices: this.env.devices(),
      references: this.references.beacons(config, model, links),
      fit: analysis?.fit ?? null,
    };
  }

  /** `{device}`: starts a session with that device, replacing one that has no spots yet. */
  async start(data: ServiceData): Promise<CalibrationView> {
    this.tick();
    const device = requiredText(data, 'device');
    const spots = this.session?.spots.length ?? 0;
    if (spots > 0) {
      throw invalid(`a calibration session with ${this.session!.state.name} has ${spots} recorded spots: apply or cancel it first`);
    }
    const devices = this.env.devices();
    const chosen = devices.find((d) => d.device === device);
    if (!chosen) {
      const known = devices.map((d) => `${d.device} (${d.name})`).join(', ') || 'none is heard now';
      throw invalid(`unknown device \`${device}\` to calibrate with (devices: ${known})`);
    }
    this.session = CalibrationSession.start({ device, entityId: chosen.entity_id, name: chosen.name }, this.env.now());
    await this.persist();
    return this.view();
  }

  /** CalibrationSpotRequest: records the session's device where the user stands. */
  async spot(data: ServiceData): Promise<CalibrationView> {
    const session = this.current();
    const recording = session.recording;
    if (recording) {
      const left = Math.ceil(recording.ends - this.env.now());
      throw invalid(`a spot is still recording until ${isoTime(recording.ends)} (${left} s left): wait for it to end`);
    }
    const { place, duration } = readSpotRequest(data, new FloorplanModel(this.env.store.config));
    const started = this.env.now();
    session.beginSpot(place, started, duration);
    this.env.recordingStarted?.(place, started, started + duration);
    return this.view();
  }

  /** `{spot: id}`. */
  async removeSpot(data: ServiceData): Promise<CalibrationView> {
    const session = this.current();
    const id = readSpotId(data);
    if (!session.removeSpot(id)) {
      const ids = session.spots.map((s) => s.id).join(', ') || 'none';
      throw invalid(`no spot \`${id}\` in the calibration session (spots: ${ids})`);
    }
    await this.persist();
    return this.view();
  }

  /** Ends the session without writing anything. */
  async cancel(): Promise<CalibrationView> {
    this.session = null;
    await this.persist();
    return this.view();
  }

  /** Writes the fitted values into floorplan.yaml and ends the session. */
  async apply(): Promise<CalibrationApplyResult> {
    this.tick();
    const recording = this.session?.recording;
    if (recording) throw invalid(`a spot is still recording until ${isoTime(recording.ends)}: wait for it to end before applying`);
    const config = this.env.store.config;
    const analysis = this.analyse(config, new FloorplanModel(config), this.env.references());
    if (analysis === null) throw invalid('nothing to apply: no calibration samples yet (record spots in a session, or wait for a reference beacon to be heard)');
    if (!analysis.fit.applicable) {
      throw invalid(`nothing to apply: no node has a fitted value that differs from the one in use${reasons(analysis)}`);
    }
    const updated = await applyChanges(this.env.store, calibrationEdits(config, analysis.report));
    this.env.configChanged(updated);
    const written = nodeWrites(config, analysis.report).map(({ node, fields }) => ({ node: node.id, ...fields }));
    this.env.log(`calibration: wrote ${written.map((w) => w.node).join(', ')} into ${this.env.store.source.label}`);
    this.session = null;
    await this.persist();
    return { written, view: this.view() };
  }

  /** Resolves when the state file holds the latest change (tests, shutdown). */
  saved(): Promise<void> {
    return this.writing;
  }

  private current(): CalibrationSession {
    this.tick();
    if (this.session === null) throw invalid('no calibration session: start one with calibration_start first');
    return this.session;
  }

  private analyse(config: FloorplanConfig, model: FloorplanModel, links: readonly ReferenceLink[]): Analysis | null {
    const samples = [...(this.session?.samples() ?? []), ...this.references.samples(config, links)];
    return analyse(config, model, samples, this.session?.spots ?? []);
  }

  /** Queues a write of the session as it is now; a failure is logged (the session goes on in memory). */
  private save(): void {
    const file = this.env.stateFile;
    if (file === null) return;
    // Taken now, so a later change cannot leak into this write (finished spots never change).
    const state = this.session && { ...this.session.state, spots: [...this.session.spots], recording: null };
    this.writing = this.writing.then(() =>
      writeSessionFile(file, state).catch((err: unknown) => this.env.log(`calibration: cannot save the session to ${file}: ${(err as Error).message}`)),
    );
  }

  private persist(): Promise<void> {
    this.save();
    return this.writing;
  }
}

/** The fit's own warnings, as the reason nothing is applicable. */
function reasons(analysis: Analysis): string {
  const warnings = analysis.fit.nodes.flatMap((n) => n.warnings.map((w) => `${n.node}: ${w}`));
  return warnings.length === 0 ? '' : ` (${warnings.join('; ')})`;
}
