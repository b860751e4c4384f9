/** The bundle's entry: registers the card and its editor with the browser and Lovelace. */
import './floorplan-presence-card/card.ts';
import './floorplan-presence-card/editor.ts';
