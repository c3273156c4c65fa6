import { renderToString } from 'react-dom/server';
import { App } from './ssr-app.js';

export const render = () => renderToString(<App />);
