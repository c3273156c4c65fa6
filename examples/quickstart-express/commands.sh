npm install   # in this folder, after `npm install && npm run build` at the repository's root
# Terminal 1: Payfect, offline, at http://127.0.0.1:4010, signing its callbacks with this key
npx payfect-checkout emulator --port 4010 --signing-key cXVpY2stc3RhcnQtZW11bGF0b3Itc2lnbmluZy1rZXk=
# Terminal 2: the shop at http://127.0.0.1:3000, with the emulator as Payfect and the same key
PAYFECT_API_KEY=payfect-emulator-key PAYFECT_BASE_URL=http://127.0.0.1:4010/api/v1 \
  PAYFECT_SIGNING_KEY=cXVpY2stc3RhcnQtZW11bGF0b3Itc2lnbmluZy1rZXk= node server.mjs
