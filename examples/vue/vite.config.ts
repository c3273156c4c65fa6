// Vue must know <payfect-checkout-button> is a custom element, not a Vue component to resolve.
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

export default defineConfig({
  plugins: [vue({ template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('payfect-') } } })],
});
