// Gives the test run its own temporary directory (TMPDIR), inherited by every jest worker and by
// every process a test starts, and removed by global-teardown.js: whatever a test or a library
// (cdk8s's Testing.app() makes a directory per app) leaves in os.tmpdir() goes with it.
const fs = require('fs');
const os = require('os');
const path = require('path');

module.exports = async function globalSetup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'appsvc-test-run-'));
  process.env.APPSVC_TEST_TMPDIR = dir;
  process.env.TMPDIR = dir;
};
