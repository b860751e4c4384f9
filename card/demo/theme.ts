/**
 * Home Assistant's default light and dark theme, as the CSS variables a card reads: the demo page
 * sets them on the document, as the frontend does, so the card looks as it would on a dashboard.
 */

const SHARED: Record<string, string> = {
  '--primary-color': '#03a9f4',
  '--rgb-primary-color': '3, 169, 244',
  '--accent-color': '#ff9800',
  '--text-primary-color': '#ffffff',
  '--error-color': '#db4437',
  '--rgb-error-color': '219, 68, 55',
  '--warning-color': '#ffa600',
  '--rgb-warning-color': '255, 166, 0',
  '--success-color': '#43a047',
  '--info-color': '#039be5',
  // The named colours Home Assistant's theme defines, which cards use to tell entities apart.
  '--red-color': '#f44336',
  '--pink-color': '#e91e63',
  '--purple-color': '#926bc7',
  '--indigo-color': '#3f51b5',
  '--blue-color': '#2196f3',
  '--cyan-color': '#00bcd4',
  '--teal-color': '#009688',
  '--green-color': '#4caf50',
  '--amber-color': '#ffc107',
  '--deep-orange-color': '#ff6f22',
  '--brown-color': '#795548',
  '--grey-color': '#9e9e9e',
  '--ha-card-border-radius': '12px',
  '--ha-card-border-width': '1px',
  '--ha-card-box-shadow': 'none',
  '--paper-font-body1_-_font-family': 'Roboto, Noto, sans-serif',
};

const LIGHT: Record<string, string> = {
  '--primary-background-color': '#fafafa',
  '--secondary-background-color': '#e5e5e5',
  '--card-background-color': '#ffffff',
  '--ha-card-background': '#ffffff',
  '--primary-text-color': '#212121',
  '--secondary-text-color': '#727272',
  '--disabled-text-color': '#bdbdbd',
  '--divider-color': 'rgba(0, 0, 0, 0.12)',
  '--ha-card-border-color': '#e0e0e0',
  '--state-icon-color': '#44739e',
};

const DARK: Record<string, string> = {
  '--primary-background-color': '#111111',
  '--secondary-background-color': '#282828',
  '--card-background-color': '#1c1c1c',
  '--ha-card-background': '#1c1c1c',
  '--primary-text-color': '#e1e1e1',
  '--secondary-text-color': '#9b9b9b',
  '--disabled-text-color': '#6f6f6f',
  '--divider-color': 'rgba(225, 225, 225, 0.12)',
  '--ha-card-border-color': '#2c2c2c',
  '--state-icon-color': '#44739e',
};

export function applyTheme(darkMode: boolean): void {
  const style = document.documentElement.style;
  for (const [name, value] of Object.entries({ ...SHARED, ...(darkMode ? DARK : LIGHT) })) style.setProperty(name, value);
  document.documentElement.style.colorScheme = darkMode ? 'dark' : 'light';
}
