/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { offline } from './scripts/offline.ts';

export default defineConfig({
  // Relative URLs: the built folder works from any static host, under any path.
  base: './',
  plugins: [react(), offline()],
  preview: {
    host: '127.0.0.1',
    port: 4173,
    strictPort: true,
  },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    environment: 'node',
    passWithNoTests: true,
    // The oracle tests boot Debian's 4,023-module tree many times; on a busy 2-core CI machine that
    // takes longer than vitest's default 5 s. Correctness tests, not timing: speed is in bench/.
    testTimeout: 60_000,
  },
});
