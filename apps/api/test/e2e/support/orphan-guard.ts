/**
 * Preloaded (`node --import`) into every server the e2e suite starts: if the test process that
 * started it dies without stopping it (a crashed or killed test worker), the server is re-parented —
 * and then stops itself with SIGTERM, as an operator would. Changes nothing else.
 */
const parent = process.ppid
setInterval(() => {
  if (process.ppid !== parent) process.kill(process.pid, "SIGTERM")
}, 500).unref()
