import { describe, expect, it } from 'vitest';
import { AppError } from '../../app-error.js';
import type { Caller } from './access-token-validator.js';
import { defaultAdminRoleIds, requireAdmin } from './authorization.js';

const caller = (roles: string[], isAdmin: boolean): Caller => ({
  tenantId: '23a0b7cf-7b10-4e51-818d-aea50fdfd333',
  userId: '5d8f3c1e-9a0b-4c6d-8e2f-1a3b5c7d9e0f',
  name: 'Priya Raman',
  username: 'priya.raman@thistle.example',
  roles,
  isAdmin,
});

function refusal(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('requireAdmin let a non-admin through');
}

describe('requireAdmin', () => {
  it('returns an admin caller', () => {
    const admin = caller(['62e90394-69f5-4237-9190-012177145e10'], true);
    expect(requireAdmin(admin)).toBe(admin);
  });

  it('refuses a User Administrator with a 403 naming the roles that would do', () => {
    const error = refusal(() =>
      requireAdmin(caller(['fe930be7-5e62-47db-91af-98c3a49a38b1'], false)),
    );
    expect([error.code, error.status]).toEqual(['not_admin', 403]);
    expect(error.message).toContain(
      'Global Administrator, Application Administrator or Cloud Application Administrator',
    );
    expect(error.message).not.toContain('User Administrator,');
    expect(error.details).toEqual({ requiredRoleIds: defaultAdminRoleIds });
  });

  it('names configured roles, by id when it does not know them', () => {
    const error = refusal(() =>
      requireAdmin(caller([], false), ['fe930be7-5e62-47db-91af-98c3a49a38b1', 'custom-role']),
    );
    expect(error.message).toContain('User Administrator or custom-role.');
  });

  it('knows the three default roles', () => {
    expect(defaultAdminRoleIds).toEqual([
      '62e90394-69f5-4237-9190-012177145e10',
      '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3',
      '158c047a-c907-4556-b7ef-446551a6b5f7',
    ]);
  });
});
