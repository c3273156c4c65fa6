// custom-elements.json describes the public elements only; the docs tables are generated from it.
export default {
  globs: [
    'src/element/payfect-checkout-button.ts',
    'src/element/payfect-checkout-status.ts',
    'src/element/events.ts',
    'src/element/define.ts',
  ],
  outdir: '.',
  litelement: true,
  plugins: [
    {
      name: 'payfect:public-api-only',
      // The analyzer also infers events from `dispatchEvent(new X(arg))`, naming them after `arg`;
      // the documented @event tags are the real ones. Private members are not API.
      packageLinkPhase({ customElementsManifest }) {
        for (const module of customElementsManifest.modules) {
          for (const declaration of module.declarations ?? []) {
            if (!declaration.customElement) continue;
            declaration.events = declaration.events?.filter((event) => event.name.includes('-') && event.description);
            declaration.members = declaration.members?.filter(
              (member) => member.privacy !== 'private' && !member.static && !member.name.startsWith('#'),
            );
            // Private reactive state (`state: true`) has no attribute, though the analyzer lists one.
            declaration.attributes = declaration.attributes?.filter((attribute) =>
              declaration.members.some((member) => member.name === attribute.fieldName),
            );
          }
        }
      },
    },
  ],
};
