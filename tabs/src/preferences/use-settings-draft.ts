import { useCallback, useEffect, useMemo, useState } from 'react';
import { ApiError } from '../api/client';
import {
  issuesOfDetails,
  mergeIssues,
  noIssues,
  validateSettings,
  type SettingsIssues,
} from './settings-issues';
import type { TenantSettings } from './settings-schema';
import { useSaveSettings, useTenant, type LinkedTenant } from './use-tenant-settings';

/** Why the last save did not go through. */
export type SaveProblem =
  | { readonly kind: 'invalid'; readonly count: number }
  | { readonly kind: 'stale' }
  | { readonly kind: 'refused'; readonly message: string }
  | { readonly kind: 'failed'; readonly message: string };

/** The settings being edited on a page, and how to save them. */
export interface SettingsDraft {
  readonly tenant: LinkedTenant;
  readonly settings: TenantSettings;
  readonly dirty: boolean;
  /** Problems to show beside the controls: the schema's, live, and the API's last 400. */
  readonly issues: SettingsIssues;
  readonly saving: boolean;
  readonly saved: boolean;
  readonly problem: SaveProblem | null;
  readonly update: (change: (settings: TenantSettings) => TenantSettings) => void;
  readonly save: () => void;
  readonly discard: () => void;
  /** After a 412: loads the settings someone else saved, dropping this draft. */
  readonly reload: () => Promise<void>;
}

/**
 * The tenant's settings as a draft: edits stay local until Save, which validates them with
 * the API's schema and sends them with the ETag they were loaded with.
 */
export function useSettingsDraft() {
  const query = useTenant();
  const mutation = useSaveSettings();
  // The ETag travels with the draft: a refetch (window focus, another page's save) must not
  // swap in a newer ETag under edits made to the older settings, or a save would overwrite
  // what someone else saved instead of getting a 412.
  const [edited, setEdited] = useState<{ settings: TenantSettings; etag: string | null } | null>(
    null,
  );
  const [serverIssues, setServerIssues] = useState<SettingsIssues>(noIssues);
  const [problem, setProblem] = useState<SaveProblem | null>(null);
  const [saved, setSaved] = useState(false);

  const loaded = query.data;
  const settings = edited?.settings ?? loaded?.tenant.settings;
  const dirty =
    edited !== null &&
    loaded !== undefined &&
    JSON.stringify(edited.settings) !== JSON.stringify(loaded.tenant.settings);

  // Closing or reloading the tab with unsaved changes asks first, as any editor does.
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => {
      window.removeEventListener('beforeunload', warn);
    };
  }, [dirty]);

  const validation = useMemo(
    () => (settings === undefined ? undefined : validateSettings(settings)),
    [settings],
  );
  const issues = mergeIssues(
    validation === undefined || validation.ok ? noIssues : validation.issues,
    serverIssues,
  );

  const update = useCallback(
    (change: (settings: TenantSettings) => TenantSettings) => {
      if (loaded === undefined) return;
      setEdited((current) => ({
        settings: change(current?.settings ?? loaded.tenant.settings),
        etag: current === null ? loaded.etag : current.etag,
      }));
      setServerIssues(noIssues);
      setSaved(false);
      setProblem((p) => (p?.kind === 'stale' ? p : null));
    },
    [loaded],
  );

  const save = () => {
    if (loaded === undefined || validation === undefined) return;
    if (!validation.ok) {
      setProblem({ kind: 'invalid', count: [...validation.issues.values()].flat().length });
      return;
    }
    setProblem(null);
    setSaved(false);
    mutation.mutate(
      { settings: validation.settings, etag: edited === null ? loaded.etag : edited.etag },
      {
        onSuccess: () => {
          setEdited(null);
          setServerIssues(noIssues);
          setSaved(true);
        },
        onError: (error) => {
          if (error instanceof ApiError && error.status === 412) {
            setProblem({ kind: 'stale' });
          } else if (error instanceof ApiError && error.status === 400) {
            setServerIssues(issuesOfDetails(error.details));
            setProblem({ kind: 'refused', message: error.message });
          } else {
            setProblem({ kind: 'failed', message: error.message });
          }
        },
      },
    );
  };

  const discard = () => {
    setEdited(null);
    setServerIssues(noIssues);
    setProblem(null);
  };

  const reload = async () => {
    await query.refetch();
    discard();
  };

  const draft: SettingsDraft | undefined =
    loaded === undefined || settings === undefined
      ? undefined
      : {
          tenant: loaded.tenant,
          settings,
          dirty,
          issues,
          saving: mutation.isPending,
          saved: saved && !dirty,
          problem,
          update,
          save,
          discard,
          reload,
        };
  return { query, draft };
}
