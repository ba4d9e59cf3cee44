// Preloaded into each backend the tests start (`node --import`). If the test runner goes away
// without its teardown (killed, crashed, its output pipe closed), the IPC channel closes and the
// backend shuts down instead of lingering with its port and temporary folder.
process.once('disconnect', () => {
  process.kill(process.pid, 'SIGTERM');
});
