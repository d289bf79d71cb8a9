import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

// Role queries walk Fluent's whole DOM computing accessible names: on a busy machine one
// pass can take seconds (five were once not enough), so the find* queries wait up to ten.
configure({ asyncUtilTimeout: 10_000 });

// Globals are on, but cleanup is explicit so the order with other hooks is plain.
afterEach(() => {
  cleanup();
});
