// The shape of src/, checked in CI (npm run check:deps): no import cycle, the schemes stay pure
// (tree-shakeable, free of the receiver, the stores and the command line), and the receiver's
// core knows no door (the doors depend on the core, never the reverse).
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-cycle",
      severity: "error",
      comment: "An import cycle (static or dynamic, types included) makes the modules one: break it by moving what both need into a third.",
      from: {},
      to: { circular: true },
    },
    {
      name: "schemes-stay-pure",
      severity: "error",
      comment: "A scheme verifies and signs bytes: it never imports the receiver, the stores, the command line, the test helpers or the barrels.",
      from: { path: "^src/(web/)?schemes/" },
      to: { path: "^src/(receiver|replay|cli|payloads)/|^src/(index|testing)\\.ts$|^src/web/(index|receiver)\\.ts$" },
    },
    {
      name: "core-knows-no-door",
      severity: "error",
      comment: "The receiver's core takes a plain delivery; the doors read a framework's request into it (receiver/compose.ts joins them).",
      from: { path: "^src/receiver/(core|providers|answers)\\.ts$" },
      to: { path: "^src/receiver/(doors/|compose\\.ts$)" },
    },
    {
      name: "lib-is-a-leaf",
      severity: "error",
      comment: "src/lib holds what every layer shares: it imports nothing above it.",
      from: { path: "^src/lib/" },
      to: { path: "^src/(schemes|web|receiver|replay|cli|payloads)/|^src/(index|testing)\\.ts$" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
  },
};
