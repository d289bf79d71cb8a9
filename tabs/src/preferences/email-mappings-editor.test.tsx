import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../test/render-with-providers';
import { EmailMappingsEditor } from './email-mappings-editor';
import type { EmailSettings } from './settings-schema';
import { defaultSettings } from './test-fixtures';

function Harness(props: { onChange: (value: EmailSettings) => void }) {
  const [email, setEmail] = useState(defaultSettings().email);
  return (
    <EmailMappingsEditor
      value={email}
      onChange={(next) => {
        setEmail(next);
        props.onChange(next);
      }}
    />
  );
}

describe('EmailMappingsEditor', () => {
  it('names the sources in the words admins know, with the defaults checked', () => {
    renderWithProviders(<Harness onChange={() => undefined} />);
    expect(screen.getByRole('checkbox', { name: 'ProxyAddresses array' })).toBeChecked();
    expect(screen.getByRole('checkbox', { name: 'Other (Alternative) email array' })).toBeChecked();
    expect(
      screen.getByRole('checkbox', { name: 'Try to use User Principal Name as Email' }),
    ).not.toBeChecked();
  });

  it('turns each source on and off', async () => {
    const user = userEvent.setup();
    const onChange = vi.fn();
    renderWithProviders(<Harness onChange={onChange} />);

    await user.click(
      screen.getByRole('checkbox', { name: 'Try to use User Principal Name as Email' }),
    );
    expect(onChange).toHaveBeenLastCalledWith({
      useProxyAddresses: true,
      useOtherMails: true,
      useUpnAsEmail: true,
    });
    await user.click(screen.getByRole('checkbox', { name: 'ProxyAddresses array' }));
    await user.click(screen.getByRole('checkbox', { name: 'Other (Alternative) email array' }));
    expect(onChange).toHaveBeenLastCalledWith({
      useProxyAddresses: false,
      useOtherMails: false,
      useUpnAsEmail: true,
    });
  });
});
