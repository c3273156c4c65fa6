# In examples/quickstart-react/, after `npm install && npm run build` at the repository's root:
npm install

# Terminal 1: Payfect, offline, at http://127.0.0.1:4010. It signs each callback with this key.
npx payfect-checkout emulator --port 4010 --signing-key cXVpY2stc3RhcnQtZW11bGF0b3Itc2lnbmluZy1rZXk=

# Terminal 2: the endpoints on :3000; buyers shop, and come back, on Vite's dev server at :5173.
PAYFECT_API_KEY=payfect-emulator-key PAYFECT_BASE_URL=http://127.0.0.1:4010/api/v1 \
  PAYFECT_SIGNING_KEY=cXVpY2stc3RhcnQtZW11bGF0b3Itc2lnbmluZy1rZXk= SHOP_URL=http://127.0.0.1:5173 node server.mjs

# Terminal 3: Vite's dev server at http://127.0.0.1:5173, passing /api/* to :3000 (vite.config.ts).
npx vite

# Production instead of terminals 2 and 3: check the types, build dist/, and serve it all at http://127.0.0.1:3000.
npx tsc
npx vite build
PAYFECT_API_KEY=payfect-emulator-key PAYFECT_BASE_URL=http://127.0.0.1:4010/api/v1 \
  PAYFECT_SIGNING_KEY=cXVpY2stc3RhcnQtZW11bGF0b3Itc2lnbmluZy1rZXk= node server.mjs
