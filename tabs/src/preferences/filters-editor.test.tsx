import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { fakeApiClient, renderWithProviders } from '../test/render-with-providers';
import { FiltersEditor } from './filters-editor';
import { validateSettings, noIssues } from './settings-issues';
import type { FilterSettings } from './settings-schema';
import { attributesAnswer, defaultSettings } from './test-fixtures';

const salesId = '0f3c2a6e-8d1b-4a57-9c3e-2b7d1e6f4a10';
const salesEastId = '5b2e9c41-7a3d-4e8f-b6c2-9d1a0e3f7c25';
const financeId = 'c7a1d3e5-2b4f-4c6a-8e0d-1f3b5a7c9e21';
const groups = [
  { id: salesId, displayName: 'Sales', mail: 'sales@contoso.com' },
  { id: salesEastId, displayName: 'Sales East' },
  { id: financeId, displayName: 'Finance' },
];

/** The tenant's groups, searched by display name prefix as the API does. */
function groupsClient() {
  return fakeApiClient({
    'GET /api/groups': ({ query }: { query: URLSearchParams }) => {
      const search = (query.get('search') ?? '').toLowerCase();
      return { groups: groups.filter((g) => g.displayName.toLowerCase().startsWith(search)) };
    },
  });
}

/** The editor as the page uses it: the draft validated with the API's schema on every change. */
function Harness(props: { initial?: FilterSettings; onChange?: (f: FilterSettings) => void }) {
  const [filters, setFilters] = useState(props.initial ?? defaultSettings().filters);
  const checked = validateSettings({ ...defaultSettings(), filters });
  return (
    <FiltersEditor
      value={filters}
      onChange={(next) => {
        setFilters(next);
        props.onChange?.(next);
      }}
      issues={checked.ok ? noIssues : checked.issues}
      attributes={{ data: attributesAnswer, isLoading: false, error: null, retry: () => undefined }}
    />
  );
}

const lastFilters = (onChange: ReturnType<typeof vi.fn>) =>
  onChange.mock.lastCall?.[0] as FilterSettings;

describe('filter presets', { timeout: 60_000 }, () => {
  it('shows each preset as a switch and turns it off and on', async () => {
    const user = userEvent.setup();
    const onChange = vi.fn();
    renderWithProviders(<Harness onChange={onChange} />, { client: groupsClient() });

    const shared = screen.getByRole('switch', { name: 'Exclude shared mailboxes' });
    expect(shared).toBeChecked();
    expect(screen.getByRole('switch', { name: 'Exclude unlicensed users' })).not.toBeChecked();
    for (const name of [
      'Exclude disabled accounts',
      'Exclude guests',
      'Exclude rooms and equipment',
      'Exclude service accounts',
    ]) {
      expect(screen.getByRole('switch', { name })).toBeChecked();
    }

    await user.click(shared);
    expect(shared).not.toBeChecked();
    expect(lastFilters(onChange).presets).toEqual({
      ...defaultSettings().filters.presets,
      excludeSharedMailboxes: false,
    });
    await user.click(screen.getByRole('switch', { name: 'Exclude unlicensed users' }));
    expect(lastFilters(onChange).presets.excludeUnlicensed).toBe(true);
  });
});

describe('rule editor', { timeout: 60_000 }, () => {
  it('adds a rule, asks for its value, and accepts it once given', async () => {
    const user = userEvent.setup();
    const onChange = vi.fn();
    renderWithProviders(<Harness onChange={onChange} />, { client: groupsClient() });

    await user.click(screen.getByRole('button', { name: 'Add rule' }));
    const rule = screen.getByRole('listitem', { name: 'Rule rule-1' });
    expect(within(rule).getByRole('textbox', { name: 'Rule name' })).toHaveFocus();
    expect(
      within(rule).getByText('Operator "equals" needs one value in rule "rule-1"'),
    ).toBeInTheDocument();

    await user.type(within(rule).getByRole('textbox', { name: 'Value' }), 'Contractors');
    expect(within(rule).queryByText(/needs one value/)).not.toBeInTheDocument();
    expect(
      within(rule).getByText('Excludes users whose department equals Contractors.'),
    ).toBeInTheDocument();
    expect(lastFilters(onChange).rules).toEqual([
      {
        id: 'rule-1',
        attribute: 'department',
        operator: 'equals',
        value: 'Contractors',
        action: 'exclude',
      },
    ]);
  });

  it('offers every operator the sync supports and reshapes the value for each', async () => {
    const user = userEvent.setup();
    const onChange = vi.fn();
    renderWithProviders(
      <Harness
        onChange={onChange}
        initial={{
          ...defaultSettings().filters,
          rules: [
            {
              id: 'staff',
              attribute: 'jobTitle',
              operator: 'contains',
              value: 'Intern',
              action: 'exclude',
            },
          ],
        }}
      />,
      { client: groupsClient() },
    );
    const rule = screen.getByRole('listitem', { name: 'Rule staff' });
    const operator = within(rule).getByRole('combobox', { name: 'Operator' });
    expect(
      within(operator)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual([
      'equals',
      'does not equal',
      'starts with',
      'ends with',
      'contains',
      'matches the pattern',
      'is empty',
      'is not empty',
      'is one of',
    ]);

    await user.selectOptions(operator, 'is one of');
    const values = within(rule).getByRole('textbox', { name: 'Values, one per line' });
    expect(values).toHaveValue('Intern');
    await user.type(values, '{Enter}Trainee');
    expect(lastFilters(onChange).rules[0]).toMatchObject({
      operator: 'in',
      value: ['Intern', 'Trainee'],
    });

    await user.selectOptions(operator, 'is empty');
    expect(within(rule).queryByRole('textbox', { name: /Value/ })).not.toBeInTheDocument();
    expect(lastFilters(onChange).rules[0]).not.toHaveProperty('value');
    expect(within(rule).getByText('Excludes users whose jobTitle is empty.')).toBeInTheDocument();

    await user.selectOptions(
      within(rule).getByRole('combobox', { name: 'Action' }),
      'Include users whose',
    );
    expect(lastFilters(onChange).rules[0]).toEqual({
      id: 'staff',
      attribute: 'jobTitle',
      operator: 'isEmpty',
      action: 'include',
    });
  });

  it('refuses patterns that could stall a sync, and unknown attributes', async () => {
    const user = userEvent.setup();
    renderWithProviders(
      <Harness
        initial={{
          ...defaultSettings().filters,
          rules: [
            {
              id: 'bots',
              attribute: 'mail',
              operator: 'matches',
              value: '^bot',
              action: 'exclude',
            },
          ],
        }}
      />,
      { client: groupsClient() },
    );
    const rule = screen.getByRole('listitem', { name: 'Rule bots' });
    const pattern = within(rule).getByRole('textbox', { name: 'Pattern' });
    await user.clear(pattern);
    await user.type(pattern, '(a+)+$');
    expect(
      within(rule).getByText(/Invalid pattern: the pattern could take too long to match/),
    ).toBeInTheDocument();
    expect(pattern).toHaveAttribute('aria-invalid', 'true');

    const attribute = within(rule).getByRole('textbox', { name: 'Attribute' });
    await user.clear(attribute);
    await user.type(attribute, 'favouriteColour');
    expect(
      within(rule).getByText('Unknown Graph user attribute "favouriteColour" in rule "bots"'),
    ).toBeInTheDocument();
  });

  it('renames and removes rules, and catches duplicate names', async () => {
    const user = userEvent.setup();
    const onChange = vi.fn();
    renderWithProviders(
      <Harness
        onChange={onChange}
        initial={{
          ...defaultSettings().filters,
          rules: [
            { id: 'a', attribute: 'department', operator: 'equals', value: 'X', action: 'exclude' },
            { id: 'b', attribute: 'department', operator: 'equals', value: 'Y', action: 'exclude' },
          ],
        }}
      />,
      { client: groupsClient() },
    );
    const name = within(screen.getByRole('listitem', { name: 'Rule b' })).getByRole('textbox', {
      name: 'Rule name',
    });
    await user.clear(name);
    await user.type(name, 'a');
    expect(screen.getByText('Duplicate rule id "a"')).toBeInTheDocument();

    await user.click(screen.getAllByRole('button', { name: 'Remove rule a' })[0] as HTMLElement);
    expect(lastFilters(onChange).rules).toEqual([
      { id: 'a', attribute: 'department', operator: 'equals', value: 'Y', action: 'exclude' },
    ]);
    expect(screen.queryByText(/Duplicate rule id/)).not.toBeInTheDocument();
  });
});

describe('group filter', { timeout: 60_000 }, () => {
  it('includes a group found by name, and will not exclude it as well', async () => {
    const user = userEvent.setup();
    const onChange = vi.fn();
    const client = groupsClient();
    renderWithProviders(<Harness onChange={onChange} />, { client });

    await user.type(screen.getByRole('searchbox', { name: 'Find a group to include' }), 'Sal');
    const found = await screen.findByRole('list', { name: 'Groups to include' });
    expect(client.calls.some((c) => c.path.includes('search=Sal'))).toBe(true);
    expect(
      within(found)
        .getAllByRole('button')
        .map((b) => b.getAttribute('aria-label')),
    ).toEqual(['Include Sales', 'Include Sales East']);
    await user.click(within(found).getByRole('button', { name: 'Include Sales' }));

    expect(lastFilters(onChange).groups).toEqual({ include: [salesId], exclude: [] });
    expect(screen.getByRole('searchbox', { name: 'Find a group to include' })).toHaveValue('');
    const chosen = screen.getByRole('list', { name: 'Include only members of these groups' });
    expect(within(chosen).getByText('Sales')).toBeInTheDocument();

    await user.type(screen.getByRole('searchbox', { name: 'Find a group to exclude' }), 'Sal');
    const toExclude = await screen.findByRole('list', { name: 'Groups to exclude' });
    expect(
      within(toExclude).getByRole('button', { name: 'Exclude Sales (already included)' }),
    ).toBeDisabled();
    await user.click(within(toExclude).getByRole('button', { name: 'Exclude Sales East' }));
    expect(lastFilters(onChange).groups).toEqual({ include: [salesId], exclude: [salesEastId] });

    await user.click(within(chosen).getByRole('button', { name: 'Remove Sales' }));
    expect(lastFilters(onChange).groups).toEqual({ include: [], exclude: [salesEastId] });
  });

  it('says when no group matches', async () => {
    const user = userEvent.setup();
    renderWithProviders(<Harness />, { client: groupsClient() });
    await user.type(screen.getByRole('searchbox', { name: 'Find a group to exclude' }), 'Zz');
    expect(await screen.findByText('No group starts with “Zz”.')).toBeInTheDocument();
    expect(screen.queryByRole('list', { name: 'Groups to exclude' })).not.toBeInTheDocument();
  });

  it('names saved groups from the first page of groups', async () => {
    renderWithProviders(
      <Harness
        initial={{ ...defaultSettings().filters, groups: { include: [], exclude: [financeId] } }}
      />,
      { client: groupsClient() },
    );
    const chosen = screen.getByRole('list', { name: 'Exclude members of these groups' });
    expect(await within(chosen).findByText('Finance')).toBeInTheDocument();
  });
});
