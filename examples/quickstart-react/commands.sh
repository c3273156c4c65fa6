npm install   # in this folder, after `npm install && npm run build` at the repository's root
# Terminal 1: Payfect, offline, at http://127.0.0.1:4010, signing its callbacks with this key
npx payfect-checkout emulator --port 4010 --signing-key cXVpY2stc3RhcnQtZW11bGF0b3Itc2lnbmluZy1rZXk=
# Terminal 2: the endpoints on :3000, for a shop that buyers open (and come back to) on Vite's dev server
PAYFECT_API_KEY=payfect-emulator-key PAYFECT_BASE_URL=http://127.0.0.1:4010/api/v1 \
  PAYFECT_SIGNING_KEY=cXVpY2stc3RhcnQtZW11bGF0b3Itc2lnbmluZy1rZXk= SHOP_URL=http://127.0.0.1:5173 node server.mjs
# Terminal 3: Vite's dev server at http://127.0.0.1:5173, passing /api/* to :3000 (vite.config.ts)
npx vite
# For production: stop terminals 2 and 3 (Ctrl-C), keep the emulator running; check the types, build dist/, serve it all at :3000
npx tsc
npx vite build
PAYFECT_API_KEY=payfect-emulator-key PAYFECT_BASE_URL=http://127.0.0.1:4010/api/v1 \
  PAYFECT_SIGNING_KEY=cXVpY2stc3RhcnQtZW11bGF0b3Itc2lnbmluZy1rZXk= node server.mjs
