import { defineConfig } from 'vite';

export default defineConfig({
  server: {
    host: '127.0.0.1',
    port: 5173,
    strictPort: true,
    proxy: {
      // The endpoint takes a browser call as same-origin when its Origin (http://127.0.0.1:5173) matches the Host it
      // receives. Vite's shorthand ('/api': 'http://127.0.0.1:3000') sets changeOrigin: true, rewriting Host to
      // 127.0.0.1:3000, and the endpoint answers 403 origin_not_allowed. Keeping the browser's Host passes the check
      // without allowing any other origin (no allowedOrigins, no CORS).
      '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false },
    },
  },
});
