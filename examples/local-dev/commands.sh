# One command per terminal, from this folder: the page, the endpoint and Payfect on three local origins.

# 1. Payfect: the offline emulator, its API and hosted pages at http://127.0.0.1:4010
npx payfect-checkout emulator --port 4010

# 2. The session endpoint at http://127.0.0.1:8787/api/checkout, calling the emulator as Payfect
PAYFECT_API_KEY=local-dev-key-0001 PAYFECT_BASE_URL=http://127.0.0.1:4010/api/v1 \
  npx payfect-checkout serve --catalog catalog.json --port 8787 --allow-origin http://127.0.0.1:8080 \
  --success-url http://127.0.0.1:8080/thanks.html --cancel-url http://127.0.0.1:8080/

# 3. The page at http://127.0.0.1:8080, with the CDN file beside it
cp "$(npm root)/payfect-checkout/dist/cdn/payfect-checkout.js" .
python3 -m http.server 8080 --bind 127.0.0.1
