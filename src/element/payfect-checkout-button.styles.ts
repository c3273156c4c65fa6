import { unsafeCSS } from 'lit';

// Constant text, nothing interpolated, so unsafeCSS is safe; vite.config.ts collapses its whitespace in the CDN build.
// While busy, the live region holds the busy text for screen readers only: sighted buyers see the spinner.
export const styles = unsafeCSS(`
  :host {
    display: inline-block;
    font: var(--payfect-font, inherit);
  }
  :host([hidden]) {
    display: none;
  }
  button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 0.5em;
    width: 100%;
    padding: var(--payfect-padding, 0.75em 1.25em);
    border: 0;
    border-radius: var(--payfect-radius, 0.5em);
    background: var(--payfect-background, #3730a3);
    color: var(--payfect-color, #fff);
    font: inherit;
    font-weight: 600;
    cursor: pointer;
  }
  button:focus-visible {
    outline: var(--payfect-focus-ring, 3px solid #6366f1);
    outline-offset: 2px;
  }
  button:disabled {
    opacity: 0.5;
    cursor: not-allowed;
  }
  [part='spinner'] {
    display: inline-block;
    width: 1em;
    height: 1em;
    border: 2px solid;
    border-right-color: transparent;
    border-radius: 50%;
    animation: spin 0.8s linear infinite;
  }
  [aria-busy] {
    cursor: progress;
  }
  @keyframes spin {
    to {
      transform: rotate(1turn);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    [part='spinner'] {
      animation: none;
    }
  }
  [part='error'] {
    display: block;
    color: var(--payfect-error-color, #b91c1c);
    font-size: 0.875em;
  }
  [part='error']:not(:empty) {
    margin-top: 0.5em;
  }
  :host([state='loading']) [part='error'],
  :host([state='redirecting']) [part='error'] {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`);
