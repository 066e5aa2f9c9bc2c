/**
 * The channel tab: the team dashboard and the standards editor under two tabs. The team comes from the URL the config
 * page set (`?team=<groupId>&view=`), falling back to the host's team context; ownership comes from the API (`/api/me`),
 * never from the host. Leaving the editor with unsaved edits asks first ("Leave without saving?").
 */
import { useEffect, useState } from 'react';
import {
  Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, MessageBar, MessageBarBody, MessageBarTitle, Spinner, Tab,
  TabList, Text, makeStyles,
} from '@fluentui/react-components';
import type { MeResponse } from '../../contracts/api';
import type { ApiClient } from '../shared/api-client';
import type { SurfaceHost } from '../shared/host-types';
import { DashboardView } from './dashboard-view';
import type { HolidaySource } from './holiday-import';
import { StandardsEditor } from './standards-editor';
import type { StartView } from './config-view';

export interface ManagerAppProps {
  host: SurfaceHost;
  api: ApiClient;
  /** From the content URL; null falls back to the host's team. */
  groupId: string | null;
  initialView: StartView;
  currentYear: number;
  holidaySource?: HolidaySource;
  saveFile?: (fileName: string, text: string) => void;
}

const useStyles = makeStyles({ root: { display: 'flex', flexDirection: 'column', gap: '12px' } });

/** Reads `team` and `view` from a content URL's query string. */
export function readManagerQuery(search: string): { groupId: string | null; view: StartView } {
  const query = new URLSearchParams(search);
  return { groupId: query.get('team') || null, view: query.get('view') === 'standards' ? 'standards' : 'dashboard' };
}

export function ManagerApp({ host, api, groupId: fromUrl, initialView, currentYear, holidaySource, saveFile }: ManagerAppProps) {
  const styles = useStyles();
  const groupId = fromUrl ?? host.context.teamGroupId;
  const [view, setView] = useState<StartView>(initialView);
  const [me, setMe] = useState<MeResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [revision, setRevision] = useState(0);
  const [editorDirty, setEditorDirty] = useState(false);
  const [leaveTo, setLeaveTo] = useState<StartView | null>(null);

  useEffect(() => {
    let current = true;
    api.getMe().then((m) => current && setMe(m), (e: unknown) => current && setError(e instanceof Error ? e.message : String(e)));
    return () => { current = false; };
  }, [api]);

  if (!groupId) {
    return <MessageBar intent="warning"><MessageBarBody>Open Turnaround's team tab from a channel of the team.</MessageBarBody></MessageBar>;
  }
  if (error) {
    return <MessageBar intent="error"><MessageBarBody><MessageBarTitle>Turnaround could not load</MessageBarTitle>{error}</MessageBarBody></MessageBar>;
  }
  if (!me) return <Spinner label="Loading…" />;
  const team = me.teams.find((t) => t.id === groupId);
  if (!team) {
    return <MessageBar intent="warning"><MessageBarBody>You are not a member of this team, so its turnaround is not shown to you.</MessageBarBody></MessageBar>;
  }

  return (
    <div className={styles.root}>
      <Text as="h1" size={600} weight="semibold">Turnaround · {team.displayName}</Text>
      <TabList selectedValue={view} aria-label="Team tab views" onTabSelect={(_e, d) => {
        const next = d.value as StartView;
        if (next !== view && view === 'standards' && editorDirty) setLeaveTo(next);
        else setView(next);
      }}>
        <Tab value="dashboard">Dashboard</Tab>
        <Tab value="standards">{team.isOwner ? 'Edit standards' : 'Standards'}</Tab>
      </TabList>
      {view === 'dashboard'
        ? <DashboardView key={revision} api={api} groupId={groupId} locale={host.context.locale} saveFile={saveFile} />
        : <StandardsEditor api={api} groupId={groupId} isOwner={team.isOwner} currentYear={currentYear} holidaySource={holidaySource}
            onSaved={() => setRevision((n) => n + 1)} onDirtyChange={setEditorDirty} />}
      <Dialog open={leaveTo !== null} modalType="alert" onOpenChange={(_e, d) => { if (!d.open) setLeaveTo(null); }}>
        <DialogSurface>
          <DialogBody>
            <DialogTitle>Leave without saving?</DialogTitle>
            <DialogContent>Your changes to the standards are not saved. If you leave now, they are lost.</DialogContent>
            <DialogActions>
              <Button appearance="primary" onClick={() => setLeaveTo(null)}>Stay and keep editing</Button>
              <Button onClick={() => {
                setEditorDirty(false);
                if (leaveTo) setView(leaveTo);
                setLeaveTo(null);
              }}>Leave without saving</Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </div>
  );
}
