npm install   # in this folder, after `npm install && npm run build` at the repository's root
# Terminal 1: the endpoints at http://127.0.0.1:8787, the offline emulator inside, for pages at :8080
npx payfect-checkout serve --catalog catalog.json --port 8787 --emulator --allow-origin http://127.0.0.1:8080 \
  --success-url http://127.0.0.1:8080/success.html --cancel-url http://127.0.0.1:8080/cancel.html
# Terminal 2: the pages at http://127.0.0.1:8080, with the button's script beside them (any static host will do)
cp node_modules/payfect-checkout/dist/cdn/payfect-checkout.js public/
python3 -m http.server 8080 --bind 127.0.0.1 --directory public
