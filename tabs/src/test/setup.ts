import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

// Globals are on, but cleanup is explicit so the order with other hooks is plain.
afterEach(() => {
  cleanup();
});
