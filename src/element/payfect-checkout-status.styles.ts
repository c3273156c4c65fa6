import { unsafeCSS } from 'lit';

// Constant text, as the button's styles: the `css` tag's guard for interpolated values would cost bytes for nothing.
export const styles = unsafeCSS(`
  :host {
    display: block;
    font: var(--payfect-font, inherit);
  }
  :host([hidden]) {
    display: none;
  }
  :host([state='error']) [part='message'],
  :host([state='expired']) [part='message'] {
    color: var(--payfect-error-color, #b91c1c);
  }
`);
