// Vue 3 with the element compiled as a custom element (isCustomElement in the SFC compiler options).
import { createApp, nextTick } from 'vue';
import VueApp from './VueApp.vue';
import { expose, type PageState } from './harness.js';

const app = createApp(VueApp);
const view = app.mount('#root') as unknown as { state: PageState };
expose({
  set: async (state) => {
    Object.assign(view.state, state);
    await nextTick();
  },
  unmount: () => app.unmount(),
});
