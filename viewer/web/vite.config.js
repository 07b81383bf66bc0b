// Vite builds the viewer into dist/, which the C++ server loads at startup.
// No inline scripts or styles: the server's Content-Security-Policy forbids them.
import { defineConfig } from 'vite';

export default defineConfig({
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 2000,
  },
});
