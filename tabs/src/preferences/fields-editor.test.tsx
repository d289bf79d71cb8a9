import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../test/render-with-providers';
import type { AttributesSource } from './attribute-picker-dialog';
import { FieldsEditor, type FieldSample } from './fields-editor';
import { noIssues, validateSettings, type SettingsIssues } from './settings-issues';
import type { FieldSetting } from './settings-schema';
import { attributesAnswer, defaultSettings } from './test-fixtures';

const loaded: AttributesSource = {
  data: attributesAnswer,
  isLoading: false,
  error: null,
  retry: () => undefined,
};

const threeFields: FieldSetting[] = [
  { key: 'displayName', label: 'Display name', source: 'displayName', enabled: true },
  { key: 'jobTitle', label: 'Job title', source: 'jobTitle', enabled: true },
  { key: 'department', label: 'Department', source: 'department', enabled: true },
];

function Harness(props: {
  initial?: FieldSetting[];
  onChange?: (fields: FieldSetting[]) => void;
  issues?: SettingsIssues;
  sample?: FieldSample | null;
}) {
  const [fields, setFields] = useState(props.initial ?? threeFields);
  return (
    <FieldsEditor
      fields={fields}
      onChange={(next) => {
        setFields(next);
        props.onChange?.(next);
      }}
      issues={props.issues ?? noIssues}
      attributes={loaded}
      sample={props.sample === undefined ? null : props.sample}
    />
  );
}

const rowNames = () =>
  within(screen.getByRole('list', { name: 'Fields' }))
    .getAllByRole('listitem')
    .map((row) => row.getAttribute('aria-label'));

const row = (name: string) => screen.getByRole('listitem', { name });

/**
 * Opens the attribute picker with `button`. jsdom has no layout, so the dialog cannot find
 * its first focusable control by itself; focusing the search box does what a browser does.
 */
async function openPicker(user: ReturnType<typeof userEvent.setup>, button: HTMLElement) {
  await user.click(button);
  const search = await screen.findByLabelText('Search attributes');
  await user.click(search);
  return search;
}

describe('FieldsEditor', { timeout: 60_000 }, () => {
  it('adds a field picked by searching the attributes', async () => {
    const user = userEvent.setup();
    const onChange = vi.fn();
    renderWithProviders(<Harness onChange={onChange} />);

    const search = await openPicker(user, screen.getByRole('button', { name: 'Add field' }));
    const dialog = screen.getByRole('dialog', { name: 'Add a field' });
    expect(within(dialog).getByRole('searchbox', { name: 'Search attributes' })).toBe(search);
    await user.type(search, 'manager');
    const options = within(within(dialog).getByRole('list', { name: 'Attributes' })).getAllByRole(
      'button',
    );
    expect(options.map((o) => o.getAttribute('aria-label'))).toEqual([
      'Manager display name (manager.displayName)',
    ]);
    await user.click(options[0] as HTMLElement);

    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(rowNames()).toEqual(['Display name', 'Job title', 'Department', 'Manager display name']);
    expect(onChange).toHaveBeenLastCalledWith([
      ...threeFields,
      {
        key: 'managerDisplayName',
        label: 'Manager display name',
        source: 'manager.displayName',
        enabled: true,
      },
    ]);
    // The new field is valid as the API sees it.
    const settings = {
      ...defaultSettings(),
      fields: onChange.mock.lastCall?.[0] as FieldSetting[],
    };
    expect(validateSettings(settings).ok).toBe(true);
  });

  it('accepts a typed attribute path the list does not hold', async () => {
    const user = userEvent.setup();
    const onChange = vi.fn();
    renderWithProviders(<Harness onChange={onChange} />);

    const search = await openPicker(user, screen.getByRole('button', { name: 'Add field' }));
    // user-event reads "[" as the start of a key name: "[[" types one.
    await user.type(search, 'businessPhones[[1]');
    await user.click(screen.getByRole('button', { name: 'Use the path businessPhones[1]' }));
    expect(onChange).toHaveBeenLastCalledWith([
      ...threeFields,
      {
        key: 'businessPhones2',
        label: 'businessPhones2',
        source: 'businessPhones[1]',
        enabled: true,
      },
    ]);
  });

  it('removes a field', async () => {
    const user = userEvent.setup();
    renderWithProviders(<Harness />);
    await user.click(within(row('Job title')).getByRole('button', { name: 'Remove Job title' }));
    expect(rowNames()).toEqual(['Display name', 'Department']);
  });

  it('reorders with the Move up and Move down buttons, keeping focus on the moved row', async () => {
    const user = userEvent.setup();
    const onChange = vi.fn();
    renderWithProviders(<Harness onChange={onChange} />);

    await user.click(within(row('Department')).getByRole('button', { name: 'Move up' }));
    expect(rowNames()).toEqual(['Display name', 'Department', 'Job title']);
    expect(within(row('Department')).getByRole('button', { name: 'Move up' })).toHaveFocus();

    await user.keyboard('{Enter}');
    expect(rowNames()).toEqual(['Department', 'Display name', 'Job title']);
    // Move up is disabled at the top: focus goes to Move down of the same row.
    expect(within(row('Department')).getByRole('button', { name: 'Move up' })).toBeDisabled();
    expect(within(row('Department')).getByRole('button', { name: 'Move down' })).toHaveFocus();

    await user.click(within(row('Display name')).getByRole('button', { name: 'Move down' }));
    expect(rowNames()).toEqual(['Department', 'Job title', 'Display name']);
    expect(onChange).toHaveBeenLastCalledWith([threeFields[2], threeFields[1], threeFields[0]]);
    expect(screen.getByText('Display name moved to position 3 of 3.')).toBeInTheDocument();
  });

  it('reorders with the arrow keys on the handle', async () => {
    const user = userEvent.setup();
    renderWithProviders(<Harness />);
    const handle = screen.getByRole('button', { name: 'Reorder Display name, position 1 of 3' });
    handle.focus();
    await user.keyboard('{ArrowDown}{ArrowDown}');
    expect(rowNames()).toEqual(['Job title', 'Department', 'Display name']);
    expect(
      screen.getByRole('button', { name: 'Reorder Display name, position 3 of 3' }),
    ).toHaveFocus();
    await user.keyboard('{ArrowUp}');
    expect(rowNames()).toEqual(['Job title', 'Display name', 'Department']);
  });

  it('renames a label', async () => {
    const user = userEvent.setup();
    const onChange = vi.fn();
    renderWithProviders(<Harness onChange={onChange} />);
    const label = within(row('Job title')).getByRole('textbox', { name: 'Label' });
    await user.clear(label);
    await user.type(label, 'Role');
    expect(rowNames()).toEqual(['Display name', 'Role', 'Department']);
    expect(onChange).toHaveBeenLastCalledWith([
      threeFields[0],
      { ...threeFields[1], label: 'Role' },
      threeFields[2],
    ]);
  });

  it('maps a field to another attribute', async () => {
    const user = userEvent.setup();
    const onChange = vi.fn();
    renderWithProviders(<Harness onChange={onChange} />);
    const search = await openPicker(
      user,
      screen.getByRole('button', { name: 'Change attribute of Department' }),
    );
    const dialog = screen.getByRole('dialog', { name: 'Change the attribute of Department' });
    await user.type(search, 'extension');
    await user.click(
      within(dialog).getByRole('button', {
        name: 'Extension attribute 1 (onPremisesExtensionAttributes.extensionAttribute1)',
      }),
    );
    expect(onChange).toHaveBeenLastCalledWith([
      threeFields[0],
      threeFields[1],
      { ...threeFields[2], source: 'onPremisesExtensionAttributes.extensionAttribute1' },
    ]);
    expect(
      within(row('Department')).getByText('onPremisesExtensionAttributes.extensionAttribute1'),
    ).toBeInTheDocument();
  });

  it('shows the sample value, or why there is none, beside each field', async () => {
    const user = userEvent.setup();
    renderWithProviders(
      <Harness
        sample={{
          name: 'Adele Vance',
          values: { displayName: 'Adele Vance', jobTitle: 'Retail Manager', department: null },
          savedFields: threeFields,
        }}
      />,
    );
    const sampleOf = (name: string) => screen.getByLabelText(`Sample value of ${name}`);
    expect(sampleOf('Job title')).toHaveTextContent('Retail Manager');
    expect(sampleOf('Department')).toHaveTextContent('(empty)');
    await openPicker(user, screen.getByRole('button', { name: 'Change attribute of Job title' }));
    await user.click(screen.getByRole('button', { name: 'Employee ID (employeeId)' }));
    expect(sampleOf('Job title')).toHaveTextContent('Shown after the next sync');
  });

  it('shows problems beside the control they concern', () => {
    renderWithProviders(
      <Harness issues={new Map([['fields.1.label', ['Field labels cannot be empty']]])} />,
    );
    expect(within(row('Job title')).getByText('Field labels cannot be empty')).toBeInTheDocument();
    expect(within(row('Job title')).getByRole('textbox', { name: 'Label' })).toHaveAttribute(
      'aria-invalid',
      'true',
    );
  });
});
