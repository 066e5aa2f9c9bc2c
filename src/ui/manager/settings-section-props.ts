import type { TeamSettings } from '../../contracts/api';
import type { SettingsProblem } from './validate-settings';

/** What each part of the standards editor receives: the draft, a way to change it, its problems, and read-only mode. */
export interface SettingsSectionProps {
  settings: TeamSettings;
  onChange(next: TeamSettings): void;
  problems: SettingsProblem[];
  readOnly: boolean;
}
