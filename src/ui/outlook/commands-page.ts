/**
 * Entry of /commands (webpack page `commands`). The manifest's "Track request" button opens the task pane
 * (an openPage action), so no ribbon function runs here; the page only initialises Office, which Outlook expects of
 * every add-in page it loads.
 */
import { officeGlobal, waitForOffice } from './office-host';

const office = officeGlobal();
if (office) waitForOffice(office).catch((error: unknown) => console.warn('Turnaround commands: Office did not start', error));
