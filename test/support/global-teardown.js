const fs = require('fs');

module.exports = async function globalTeardown() {
  const dir = process.env.APPSVC_TEST_TMPDIR;
  if (dir !== undefined && dir !== '') fs.rmSync(dir, { recursive: true, force: true });
};
