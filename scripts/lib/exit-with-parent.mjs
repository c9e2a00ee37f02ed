// Preloaded (`node --import`) into a process that `npm start` runs in a process group of
// its own: Ctrl-C does not reach such a process, so it must not outlive its parent. The
// IPC channel closes when the parent dies, however it dies (SIGKILL included).
if (process.channel) {
  process.channel.unref();
  process.on("disconnect", () => process.exit(0));
}
