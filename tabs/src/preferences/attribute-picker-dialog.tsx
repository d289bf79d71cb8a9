import {
  Badge,
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  MessageBar,
  MessageBarBody,
  SearchBox,
  Spinner,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useId, useMemo, useState } from 'react';
import type { AttributesResponse } from '../../../api/src/contracts/api.js';
import { parseAttributePath } from './settings-schema';

/** The attribute list as the picker needs it: the query's data, state and retry. */
export interface AttributesSource {
  readonly data: AttributesResponse | undefined;
  readonly isLoading: boolean;
  readonly error: Error | null;
  readonly retry: () => void;
}

const useStyles = makeStyles({
  surface: { maxWidth: '640px', width: '100%' },
  options: {
    listStyleType: 'none',
    margin: 0,
    padding: 0,
    maxHeight: '360px',
    overflowY: 'auto',
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXXS,
  },
  option: { width: '100%', justifyContent: 'flex-start', textAlign: 'start' },
  optionText: { display: 'flex', flexDirection: 'column', alignItems: 'flex-start' },
  path: { color: tokens.colorNeutralForeground3, fontFamily: tokens.fontFamilyMonospace },
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

const shownAtMost = 60;

/**
 * Picks an Entra ID attribute from `GET /api/attributes`, searched by label and path. A path
 * typed in full (a directory extension, say) can be used even when the list lacks it.
 */
export function AttributePickerDialog(props: {
  open: boolean;
  title: string;
  attributes: AttributesSource;
  /** Paths already mapped, marked as such. */
  used: ReadonlySet<string>;
  onPick: (path: string) => void;
  onClose: () => void;
}) {
  const styles = useStyles();
  const [search, setSearch] = useState('');
  const resultsId = useId();
  const { data, isLoading, error, retry } = props.attributes;

  const matches = useMemo(() => {
    const words = search
      .toLowerCase()
      .split(/\s+/)
      .filter((w) => w !== '');
    return (data?.attributes ?? []).filter((a) => {
      const text = `${a.label} ${a.path}`.toLowerCase();
      return words.every((w) => text.includes(w));
    });
  }, [data, search]);

  const typed = search.trim();
  const typedPath =
    typed !== '' && parseAttributePath(typed).ok && !matches.some((m) => m.path === typed)
      ? typed
      : undefined;

  const close = () => {
    setSearch('');
    props.onClose();
  };
  const pick = (path: string) => {
    setSearch('');
    props.onPick(path);
  };

  return (
    <Dialog
      open={props.open}
      onOpenChange={(_e, d) => {
        if (!d.open) close();
      }}
    >
      <DialogSurface className={styles.surface}>
        <DialogBody>
          <DialogTitle>{props.title}</DialogTitle>
          <DialogContent className={styles.content}>
            <SearchBox
              aria-label="Search attributes"
              aria-controls={resultsId}
              placeholder="Search by name, e.g. department or extension"
              value={search}
              onChange={(_e, d) => setSearch(d.value)}
            />
            {data?.extensions.status === 'unavailable' && (
              <MessageBar intent="warning">
                <MessageBarBody>
                  Directory extensions are not listed: {data.extensions.detail}{' '}
                  {data.extensions.fix ?? ''}
                </MessageBarBody>
              </MessageBar>
            )}
            {isLoading && <Spinner size="small" label="Loading attributes…" />}
            {error !== null && (
              <MessageBar intent="error">
                <MessageBarBody>
                  Roster could not load the attributes: {error.message} You can still type an
                  attribute path such as <code>jobTitle</code>.
                </MessageBarBody>
                <Button onClick={retry}>Try again</Button>
              </MessageBar>
            )}
            <Text aria-live="polite">
              {data === undefined
                ? ''
                : matches.length === 0
                  ? 'No attribute matches. Try another word, or type an attribute path.'
                  : matches.length > shownAtMost
                    ? `Showing ${shownAtMost} of ${matches.length} attributes: type more to narrow them.`
                    : `${matches.length} attribute${matches.length === 1 ? '' : 's'}`}
            </Text>
            <ul id={resultsId} className={styles.options} aria-label="Attributes">
              {typedPath !== undefined && (
                <li>
                  <Button
                    appearance="subtle"
                    className={styles.option}
                    onClick={() => pick(typedPath)}
                  >
                    Use the path {typedPath}
                  </Button>
                </li>
              )}
              {matches.slice(0, shownAtMost).map((a) => (
                <li key={a.path}>
                  <Button
                    appearance="subtle"
                    className={styles.option}
                    aria-label={`${a.label} (${a.path})`}
                    onClick={() => pick(a.path)}
                  >
                    <span className={styles.optionText}>
                      <span>
                        {a.label}{' '}
                        {props.used.has(a.path) && (
                          <Badge appearance="tint" size="small">
                            already a field
                          </Badge>
                        )}
                      </span>
                      <span className={styles.path}>{a.path}</span>
                    </span>
                  </Button>
                </li>
              ))}
            </ul>
          </DialogContent>
          <DialogActions>
            <Button onClick={close}>Cancel</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
