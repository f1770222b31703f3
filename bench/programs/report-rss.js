'use strict';
// Preloaded with `node -r` when /usr/bin/time is not available: writes the process's peak RSS
// (KiB) to the file named by BENCH_RSS_FILE when the process exits.
const fs = require('fs');

const file = process.env.BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    fs.writeFileSync(file, `${process.resourceUsage().maxRSS}\n`);
  });
}
