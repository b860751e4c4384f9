/** The bundle's entry: registers the cards and their editors with the browser and Lovelace. */
import './floorplan-presence-card/card.ts';
import './floorplan-presence-card/editor.ts';
import './floorplan-presence-stats-card/card.ts';
import './floorplan-presence-stats-card/editor.ts';
